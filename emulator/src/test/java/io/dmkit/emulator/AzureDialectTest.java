package io.dmkit.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonParser;
import io.dmkit.pki.KeyKind;
import io.dmkit.pki.LocalPki;
import io.dmkit.testing.Await;
import io.dmkit.transport.azure.protocol.SasToken;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Azure IoT Hub dialect on the wire, spoken by a hand-written Paho device (protocols.md §2). */
class AzureDialectTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String API = "/?api-version=2021-04-12";

    @TempDir
    static Path dir;
    static Emulator emulator;
    static SSLSocketFactory tls;

    @BeforeAll
    static void start() throws Exception {
        emulator = Emulator.start(EmulatorOptions.forTests(dir.resolve("state")).build());
        tls = RawDevice.trusting(emulator, null);
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    private static String token(Device device, Instant expiry) {
        return SasToken.create("localhost/devices/" + device.id(), device.key(), expiry);
    }

    private static RawDevice connectSas(Device device) throws MqttException {
        return RawDevice.connect(emulator.endpoints().mqttTlsUri().toString(), device.id(),
                "localhost/" + device.id() + API, token(device, Instant.now().plusSeconds(3600)), tls);
    }

    private static int refusal(String clientId, String userName, String password, SSLSocketFactory factory) {
        try (RawDevice device = RawDevice.connect(emulator.endpoints().mqttTlsUri().toString(), clientId, userName,
                password, factory)) {
            throw new AssertionError("the connection of " + clientId + " was accepted");
        } catch (MqttException e) {
            return e.getReasonCode();
        }
    }

    @Test
    void twinGetAndReportedPatchFollowTheHubsProtocol() throws Exception {
        Device device = emulator.registerDevice("az-twin", Dialect.AZURE, AuthKind.SAS);
        try (RawDevice raw = connectSas(device)) {
            raw.subscribe("$iothub/twin/res/#", "$iothub/twin/PATCH/properties/desired/#");
            raw.publish("$iothub/twin/GET/?$rid=get1", "");
            RawDevice.Received twin = raw.next(WAIT);
            assertThat(twin.topic()).isEqualTo("$iothub/twin/res/200/?$rid=get1");
            assertThat(JsonParser.parseString(twin.payload())).isEqualTo(JsonParser.parseString(
                    "{\"desired\":{\"$version\":1},\"reported\":{\"$version\":1}}"));

            raw.publish("$iothub/twin/PATCH/properties/reported/?$rid=r1", "{\"fw\":\"1.0\",\"temp\":{\"max\":5}}");
            RawDevice.Received accepted = raw.next(WAIT);
            assertThat(accepted.topic()).isEqualTo("$iothub/twin/res/204/?$rid=r1&$version=2");
            assertThat(accepted.payload()).isEmpty();

            raw.publish("$iothub/twin/PATCH/properties/reported/?$rid=r2", "{\"temp\":null}");
            assertThat(raw.next(WAIT).topic()).isEqualTo("$iothub/twin/res/204/?$rid=r2&$version=3");
            assertThat(JsonParser.parseString(emulator.twin(device.id()).reported()))
                    .isEqualTo(JsonParser.parseString("{\"fw\":\"1.0\"}"));

            raw.publish("$iothub/twin/PATCH/properties/reported/?$rid=r3", "{\"broken\":");
            assertThat(raw.next(WAIT).topic()).isEqualTo("$iothub/twin/res/400/?$rid=r3");
            raw.publish("$iothub/twin/PATCH/properties/reported/?$rid=r4", "{\"a.b\":1}");
            assertThat(raw.next(WAIT).topic()).isEqualTo("$iothub/twin/res/400/?$rid=r4");
            String fourKb = "\"" + "y".repeat(4000) + "\"";
            raw.publish("$iothub/twin/PATCH/properties/reported/?$rid=r5",
                    "{\"more\":[" + String.join(",", java.util.Collections.nCopies(9, fourKb)) + "]}");
            assertThat(raw.next(WAIT).topic()).isEqualTo("$iothub/twin/res/413/?$rid=r5");
            assertThat(emulator.twin(device.id()).reportedVersion()).isEqualTo(3);
        }
    }

    @Test
    void desiredPatchIsPushedWithItsVersion() throws Exception {
        Device device = emulator.registerDevice("az-desired", Dialect.AZURE, AuthKind.SAS);
        try (RawDevice raw = connectSas(device)) {
            raw.subscribe("$iothub/twin/PATCH/properties/desired/#");
            long version = emulator.patchDesired(device.id(), "{\"interval\":10}");
            RawDevice.Received patch = raw.next(WAIT);
            assertThat(patch.topic()).isEqualTo("$iothub/twin/PATCH/properties/desired/?$version=" + version);
            assertThat(JsonParser.parseString(patch.payload()))
                    .isEqualTo(JsonParser.parseString("{\"interval\":10,\"$version\":" + version + "}"));
        }
        assertThatThrownBy(() -> emulator.patchDesired(device.id(), "[1]"))
                .isInstanceOfSatisfying(EmulatorException.class, e -> assertThat(e.status()).isEqualTo(400));
    }

    @Test
    void directMethodsCarryTheDevicesStatusAndReply() throws Exception {
        Device device = emulator.registerDevice("az-method", Dialect.AZURE, AuthKind.SAS);
        assertThat(emulator.invoke(device.id(), "reboot", "{}", WAIT).get().status()).isEqualTo(404);
        try (RawDevice raw = connectSas(device)) {
            raw.subscribe("$iothub/methods/POST/#");
            CompletableFuture<CommandResult> json = emulator.invoke(device.id(), "echo", "{\"a\":1}", WAIT);
            RawDevice.Received request = raw.next(WAIT);
            assertThat(request.topic()).startsWith("$iothub/methods/POST/echo/?$rid=");
            assertThat(request.payload()).isEqualTo("{\"a\":1}");
            String rid = request.topic().substring(request.topic().indexOf("$rid=") + 5);
            raw.publish("$iothub/methods/res/201/?$rid=" + rid, "{\"b\":2}");
            assertThat(json.get()).isEqualTo(new CommandResult(201, "{\"b\":2}"));

            CompletableFuture<CommandResult> empty = emulator.invoke(device.id(), "noreply", null, WAIT);
            String rid2 = raw.next(WAIT).topic().split("\\$rid=")[1];
            raw.publish("$iothub/methods/res/500/?$rid=" + rid2, "");
            assertThat(empty.get()).isEqualTo(new CommandResult(500, null));
            raw.publish("$iothub/methods/res/200/?$rid=" + rid2, "{}"); // late duplicate: ignored

            CompletableFuture<CommandResult> slow = emulator.invoke(device.id(), "slow", "{}", Duration.ofMillis(300));
            assertThat(slow.get().status()).isEqualTo(504);
        }
    }

    @Test
    void telemetryPropertyBagIsDecodedWithSystemProperties() throws Exception {
        Device device = emulator.registerDevice("az-telemetry", Dialect.AZURE, AuthKind.SAS);
        try (RawDevice raw = connectSas(device)) {
            raw.publish("devices/az-telemetry/messages/events/unit=%C2%B0C&site=a%20b&$.ct=application%2Fjson&$.ce=utf-8",
                    "{\"t\":21}");
            TelemetryMessage message = Await.value("telemetry recorded", WAIT,
                    () -> emulator.messages(device.id(), 10).stream().findFirst().orElse(null));
            assertThat(message.properties()).containsEntry("unit", "°C").containsEntry("site", "a b")
                    .containsEntry("$.ct", "application/json").containsEntry("$.ce", "utf-8");
            assertThat(new String(message.payload())).isEqualTo("{\"t\":21}");
        }
    }

    @Test
    void refusesBadSignatureExpiredTokenUnknownDeviceAndWrongClientId() throws Exception {
        Device device = emulator.registerDevice("az-refuse", Dialect.AZURE, AuthKind.SAS);
        Device other = emulator.registerDevice("az-other", Dialect.AZURE, AuthKind.SAS);
        String user = "localhost/az-refuse" + API;
        String wrongKey = SasToken.create("localhost/devices/az-refuse", other.key(), Instant.now().plusSeconds(600));
        assertThat(refusal("az-refuse", user, wrongKey, tls)).isEqualTo(MqttException.REASON_CODE_NOT_AUTHORIZED);
        assertThat(refusal("az-refuse", user, token(device, Instant.now().minusSeconds(5)), tls))
                .isEqualTo(MqttException.REASON_CODE_NOT_AUTHORIZED);
        assertThat(refusal("az-nobody", "localhost/az-nobody" + API, token(device, Instant.now().plusSeconds(600)), tls))
                .isEqualTo(MqttException.REASON_CODE_NOT_AUTHORIZED);
        assertThat(refusal("az-refuse", "localhost/az-refuse/", token(device, Instant.now().plusSeconds(600)), tls))
                .isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION);
        assertThat(emulator.connection(device.id()).connects()).isZero();
    }

    @Test
    void x509DeviceConnectsWithItsCertificateOnlyAndOverWebSocket() throws Exception {
        Device device = emulator.registerDevice("az-x509", Dialect.AZURE, AuthKind.X509);
        String user = "localhost/az-x509" + API;
        try (RawDevice raw = RawDevice.connect(emulator.endpoints().mqttTlsUri().toString(), device.id(), user, null,
                RawDevice.trusting(emulator, device))) {
            assertThat(emulator.connection(device.id()).connected()).isTrue();
        }
        try (RawDevice raw = RawDevice.connect(emulator.endpoints().webSocketUri().toString(), device.id(), user,
                null, RawDevice.trusting(emulator, device))) {
            raw.subscribe("$iothub/twin/res/#");
            raw.publish("$iothub/twin/GET/?$rid=ws", "");
            assertThat(raw.next(WAIT).topic()).isEqualTo("$iothub/twin/res/200/?$rid=ws");
        }
        assertThat(refusal(device.id(), user, null, tls)).isEqualTo(MqttException.REASON_CODE_NOT_AUTHORIZED);
        // a certificate of the emulator's CA, but not the registered one
        Device imposter = emulator.registerDevice("az-imposter", Dialect.AZURE, AuthKind.X509);
        assertThat(refusal(device.id(), user, null, RawDevice.trusting(emulator, imposter)))
                .isEqualTo(MqttException.REASON_CODE_NOT_AUTHORIZED);
    }

    @Test
    void certificateOfAnotherCaFailsTheTlsHandshake() throws Exception {
        emulator.registerDevice("az-foreign", Dialect.AZURE, AuthKind.X509);
        var foreign = LocalPki.other(dir.resolve("foreign")).client("az-foreign", KeyKind.EC_PKCS8);
        Device stranger = new Device("az-foreign", Dialect.AZURE, AuthKind.X509, null, foreign.cert(), foreign.key(),
                null);
        int code = refusal("az-foreign", "localhost/az-foreign" + API, null, RawDevice.trusting(emulator, stranger));
        // TLS 1.3: the client finishes its side of the handshake before the server checks its
        // certificate, so the refusal arrives as a closed connection rather than a handshake error.
        assertThat(code).isIn((int) MqttException.REASON_CODE_CLIENT_EXCEPTION,
                (int) MqttException.REASON_CODE_CONNECTION_LOST);
        assertThat(emulator.connection("az-foreign").connects()).isZero();
    }

    @Test
    void secondConnectionOfTheSameDeviceClosesTheFirst() throws Exception {
        Device device = emulator.registerDevice("az-twice", Dialect.AZURE, AuthKind.SAS);
        try (RawDevice first = connectSas(device); RawDevice second = connectSas(device)) {
            Await.until("the first connection is closed", WAIT, () -> !first.isConnected());
            assertThat(second.isConnected()).isTrue();
            assertThat(emulator.connection(device.id())).satisfies(c -> {
                assertThat(c.connected()).isTrue();
                assertThat(c.connects()).isEqualTo(2);
            });
        }
        Await.until("offline after both closed", WAIT, () -> !emulator.connection(device.id()).connected());
    }

    @Test
    void connectionIsClosedWhenItsTokenExpires() throws Exception {
        Device device = emulator.registerDevice("az-expiry", Dialect.AZURE, AuthKind.SAS);
        try (RawDevice raw = RawDevice.connect(emulator.endpoints().mqttTlsUri().toString(), device.id(),
                "localhost/az-expiry" + API, token(device, Instant.now().plusSeconds(2)), tls)) {
            assertThat(raw.isConnected()).isTrue();
            Await.until("closed at token expiry", WAIT, () -> !raw.isConnected());
        }
    }

    @Test
    void throttlingFaultAnswersTwinOperationsWith429() throws Exception {
        Device device = emulator.registerDevice("az-throttle", Dialect.AZURE, AuthKind.SAS);
        try (RawDevice raw = connectSas(device)) {
            raw.subscribe("$iothub/twin/res/#");
            emulator.inject(device.id(), new Fault.ThrottleTwin(Duration.ofSeconds(30)));
            raw.publish("$iothub/twin/GET/?$rid=t1", "");
            assertThat(raw.next(WAIT).topic()).isEqualTo("$iothub/twin/res/429/?$rid=t1");
            raw.publish("$iothub/twin/PATCH/properties/reported/?$rid=t2", "{\"a\":1}");
            assertThat(raw.next(WAIT).topic()).isEqualTo("$iothub/twin/res/429/?$rid=t2");
            emulator.inject(device.id(), new Fault.ThrottleTwin(Duration.ZERO));
            raw.publish("$iothub/twin/GET/?$rid=t3", "");
            assertThat(raw.next(WAIT).topic()).isEqualTo("$iothub/twin/res/200/?$rid=t3");
        }
    }

    @Test
    void refuseConnectsFaultRefusesWithServerUnavailable() throws Exception {
        Device device = emulator.registerDevice("az-refused", Dialect.AZURE, AuthKind.SAS);
        emulator.inject(device.id(), new Fault.RefuseConnects(Duration.ofSeconds(30)));
        assertThat(refusal(device.id(), "localhost/az-refused" + API, token(device, Instant.now().plusSeconds(60)),
                tls)).isEqualTo(MqttException.REASON_CODE_BROKER_UNAVAILABLE);
    }

    @Test
    void publishOutsideTheHubsTopicsClosesTheConnection() throws Exception {
        Device device = emulator.registerDevice("az-acl", Dialect.AZURE, AuthKind.SAS);
        try (RawDevice raw = connectSas(device)) {
            // IoT Hub closes the connection instead of acknowledging: the QoS 1 publish fails.
            assertThatThrownBy(() -> raw.publish("devices/someone-else/messages/events/", "{}"))
                    .isInstanceOf(MqttException.class);
            Await.until("connection closed for a foreign topic", WAIT, () -> !raw.isConnected());
        }
        assertThat(emulator.messages(device.id(), 10)).isEmpty();
    }
}
