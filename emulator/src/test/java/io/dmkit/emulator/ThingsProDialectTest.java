package io.dmkit.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmkit.api.CommandResponse;
import io.dmkit.api.ConnectionReason;
import io.dmkit.api.DmMessage;
import io.dmkit.api.DmSession;
import io.dmkit.api.SessionConfig;
import io.dmkit.api.TwinUpdate;
import io.dmkit.core.DmKit;
import io.dmkit.testing.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ThingsPro dialect end to end: a dmkit gateway (plain Java, the real transport) against the
 * emulator, and the emulator's own access rules spoken to by a raw client.
 */
class ThingsProDialectTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    static Path dir;
    static Emulator emulator;

    @BeforeAll
    static void start() throws Exception {
        emulator = Emulator.start(EmulatorOptions.forTests(dir.resolve("state")).build());
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    private static SessionConfig.Builder session(String name, Device device) {
        return SessionConfig.builder(name).cloudType("thingspro").host("localhost").deviceId(device.id())
                .reconnectDelays(Duration.ofMillis(100), Duration.ofSeconds(1))
                .commandTimeout(Duration.ofSeconds(5)).operationTimeout(Duration.ofSeconds(5));
    }

    @Test
    void gatewayWithPasswordOverTlsGetsTwinCommandsAndTelemetry() throws Exception {
        Device device = emulator.registerDevice("tp-gw", Dialect.THINGSPRO, AuthKind.PASSWORD);
        emulator.patchDesired(device.id(), "{\"interval\":5}");
        try (DmKit dm = DmKit.open()) {
            DmSession session = dm.createSession(session("tp", device).port(emulator.endpoints().mqttTlsPort())
                    .option("security", "tls").rootCa(emulator.endpoints().caCertificate().toString())
                    .key(device.key()).build());
            List<TwinUpdate> twins = new CopyOnWriteArrayList<>();
            session.addTwinListener((s, update) -> twins.add(update));
            session.setCommandHandler(request -> CommandResponse.of(200, request.payloadAsString()));
            Await.until("connected", WAIT, () -> session.state().isConnected());
            Await.until("COMPLETE twin with the desired interval", WAIT,
                    () -> twins.stream().anyMatch(t -> t.json().contains("\"interval\":5")));
            Await.until("online for the emulator", WAIT, () -> emulator.connection(device.id()).connected());

            CommandResult reply = emulator.invoke(device.id(), "ping", "{\"hello\":1}", Duration.ofSeconds(5))
                    .get(10, TimeUnit.SECONDS);
            assertThat(reply).isEqualTo(new CommandResult(200, "{\"hello\":1}"));

            assertThat(session.sendMessage(DmMessage.builder("{\"t\":1}").property("unit", "C").build())
                    .toCompletableFuture().get(10, TimeUnit.SECONDS).status()).isZero();
            TelemetryMessage message = Await.value("telemetry", WAIT,
                    () -> emulator.messages(device.id(), 5).stream().findFirst().orElse(null));
            assertThat(message.properties()).containsEntry("unit", "C");

            assertThat(session.sendReported("{\"fw\":\"2\"}").toCompletableFuture().get(10, TimeUnit.SECONDS)
                    .status()).isZero();
            assertThat(emulator.twin(device.id()).reported()).contains("\"fw\":\"2\"");
        }
    }

    @Test
    void wrongPasswordIsRefusedAsBadCredential() throws Exception {
        Device device = emulator.registerDevice("tp-wrong", Dialect.THINGSPRO, AuthKind.PASSWORD);
        try (DmKit dm = DmKit.open()) {
            DmSession session = dm.createSession(session("tp-wrong", device)
                    .port(emulator.endpoints().mqttTlsPort()).option("security", "tls")
                    .rootCa(emulator.endpoints().caCertificate().toString()).key("not-the-key").build());
            Await.until("refused as a bad credential", WAIT,
                    () -> session.state().reason() == ConnectionReason.BAD_CREDENTIAL);
        }
    }

    @Test
    void deviceWithoutCredentialsOnThePlainListenerIsConfinedToItsTopics() throws Exception {
        Device device = emulator.registerDevice("tp-open", Dialect.THINGSPRO, AuthKind.NONE);
        try (RawDevice raw = RawDevice.connect(emulator.endpoints().mqttUri().toString(), device.id(), null, null,
                null)) {
            raw.subscribe("dm/tp-open/commands/req/#");
            try {
                raw.subscribe("dm/other/commands/req/#");
                throw new AssertionError("a subscription outside dm/tp-open/ was granted");
            } catch (MqttException refused) {
                assertThat(refused.getReasonCode()).isEqualTo(MqttException.REASON_CODE_SUBSCRIBE_FAILED);
            }
        }
    }
}
