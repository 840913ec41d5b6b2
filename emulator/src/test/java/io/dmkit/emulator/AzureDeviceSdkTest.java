package io.dmkit.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.tuple;

import com.google.gson.JsonParser;
import com.microsoft.azure.sdk.iot.device.ClientOptions;
import com.microsoft.azure.sdk.iot.device.ConnectionStatusChangeContext;
import com.microsoft.azure.sdk.iot.device.DeviceClient;
import com.microsoft.azure.sdk.iot.device.IotHubClientProtocol;
import com.microsoft.azure.sdk.iot.device.IotHubConnectionStatusChangeReason;
import com.microsoft.azure.sdk.iot.device.IotHubStatusCode;
import com.microsoft.azure.sdk.iot.device.Message;
import com.microsoft.azure.sdk.iot.device.exceptions.IotHubClientException;
import com.microsoft.azure.sdk.iot.device.transport.IotHubConnectionStatus;
import com.microsoft.azure.sdk.iot.device.twin.DirectMethodResponse;
import com.microsoft.azure.sdk.iot.device.twin.ReportedPropertiesUpdateResponse;
import com.microsoft.azure.sdk.iot.device.twin.Twin;
import com.microsoft.azure.sdk.iot.device.twin.TwinCollection;
import io.dmkit.testing.Await;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fidelity of the Azure IoT Hub dialect to a client we did not write: Microsoft's Azure IoT device SDK
 * for Java ({@code iot-device-client} 2.5.0) over MQTT, with a SAS key and with an X.509 certificate.
 *
 * <p>Two facts of the SDK shape this class:
 * <ul>
 * <li>over MQTT (TCP) it always connects to {@code ssl://<HostName>:8883}, so the emulator listens on 8883;
 * <li>{@code IotHubConnectionString.parseHubName} refuses a {@code HostName} without a dot ("Provided
 * hostname did not include a valid IoT Hub name as its prefix"), so {@code HostName=localhost} is not
 * accepted. The devices use {@code HostName=127.0.0.1} (hub name "127"), which the emulator's server
 * certificate names as an IP address; the SAS token's resource is then {@code 127.0.0.1/devices/<id>}
 * and the user name {@code 127.0.0.1/<id>/?api-version=2020-09-30&DeviceClientType=...}.
 * {@code GatewayHostName=localhost} with a hub-like {@code HostName} works too.
 * </ul>
 *
 * <p>Over MQTT_WS the SDK connects to {@code wss://<GatewayHostName or HostName>/$iothub/websocket}, port
 * 443 unless the gateway host name carries a port; only X.509 is tried there, since with SAS it appends
 * {@code ?iothub-no-client-cert=true} to the path, which the broker's exact WebSocket path does not match.
 */
class AzureDeviceSdkTest {

    /** Hard-coded by the SDK: {@code MqttIotHubConnection.SSL_PORT_SUFFIX = ":8883"}. */
    private static final int SDK_MQTT_PORT = 8883;
    private static final String HUB_HOST = "127.0.0.1";
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final int SDK_TIMEOUT_MILLIS = 15_000;
    private static final int SDK_ATTEMPTS = 3;
    private static final int SDK_ATTEMPT_TIMEOUT_MILLIS = 5_000;

    @TempDir
    static Path dir;
    static Emulator emulator;
    static SdkPortLock port;

    @BeforeAll
    static void start() throws IOException {
        port = SdkPortLock.acquire(); // DpsDeviceSdkTest needs 8883 too
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(InetAddress.getByName(HUB_HOST), SDK_MQTT_PORT));
        } catch (IOException e) {
            fail("port " + SDK_MQTT_PORT + " on " + HUB_HOST + " is taken (" + e.getMessage() + "): the Azure device"
                    + " SDK only connects to port 8883 over MQTT, so this test needs it free", e);
        }
        // IoT Hub takes tens of milliseconds to answer a twin request; the emulator does the same here.
        emulator = Emulator.start(EmulatorOptions.forTests(dir.resolve("state")).mqttTlsPort(SDK_MQTT_PORT)
                .azureTwinLatency(Duration.ofMillis(50)).build());
        assertThat(emulator.endpoints().mqttTlsPort()).isEqualTo(SDK_MQTT_PORT);
    }

    @AfterAll
    static void stop() throws IOException {
        if (emulator != null) {
            emulator.close();
        }
        port.close();
    }

    @Test
    void sasDeviceUsesTwinMethodsAndTelemetryThroughTheSdk() throws Exception {
        Device device = emulator.registerDevice("sdk-sas", Dialect.AZURE, AuthKind.SAS);
        String connectionString = "HostName=" + HUB_HOST + ";DeviceId=" + device.id() + ";SharedAccessKey="
                + device.key();
        exercise(device, new DeviceClient(connectionString, IotHubClientProtocol.MQTT,
                ClientOptions.builder().sslContext(sslContext(null)).build()));
    }

    @Test
    void x509DeviceUsesTwinMethodsAndTelemetryThroughTheSdk() throws Exception {
        Device device = emulator.registerDevice("sdk-x509", Dialect.AZURE, AuthKind.X509);
        String connectionString = "HostName=" + HUB_HOST + ";DeviceId=" + device.id() + ";x509=true";
        exercise(device, new DeviceClient(connectionString, IotHubClientProtocol.MQTT,
                ClientOptions.builder().sslContext(sslContext(device)).build()));
    }

    @Test
    void x509DeviceOverWebSocketThroughAGatewayHostNameWithThePort() throws Exception {
        Device device = emulator.registerDevice("sdk-x509-ws", Dialect.AZURE, AuthKind.X509);
        String connectionString = "HostName=myhub.azure-devices.net;DeviceId=" + device.id() + ";x509=true"
                + ";GatewayHostName=" + emulator.endpoints().host() + ":" + emulator.endpoints().webSocketTlsPort();
        exercise(device, new DeviceClient(connectionString, IotHubClientProtocol.MQTT_WS,
                ClientOptions.builder().sslContext(sslContext(device)).build()));
    }

    @Test
    void sdkReportsAWrongKeyAsUnauthorized() throws Exception {
        Device device = emulator.registerDevice("sdk-wrong-key", Dialect.AZURE, AuthKind.SAS);
        String wrongKey = Base64.getEncoder().encodeToString(new byte[32]);
        DeviceClient client = new DeviceClient("HostName=" + HUB_HOST + ";DeviceId=" + device.id()
                + ";SharedAccessKey=" + wrongKey, IotHubClientProtocol.MQTT,
                ClientOptions.builder().sslContext(sslContext(null)).build());
        try {
            assertThatThrownBy(() -> client.open(false)).isInstanceOfSatisfying(IotHubClientException.class,
                    e -> assertThat(e.getStatusCode()).isEqualTo(IotHubStatusCode.UNAUTHORIZED));
            assertThat(emulator.connection(device.id()).connects()).isZero();
        } finally {
            client.close();
        }
        awaitSdkThreadsEnded(device.id());
    }

    @Test
    void sdkRefusesTheEmulatorsHostNameLocalhostInAConnectionString() {
        Device device = emulator.registerDevice("sdk-localhost", Dialect.AZURE, AuthKind.SAS);
        assertThatThrownBy(() -> new DeviceClient("HostName=" + emulator.endpoints().host() + ";DeviceId="
                + device.id() + ";SharedAccessKey=" + device.key(), IotHubClientProtocol.MQTT,
                ClientOptions.builder().sslContext(sslContext(null)).build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("did not include a valid IoT Hub name");
    }

    @Test
    void gatewayHostNameReachesTheEmulatorUnderAHubsName() throws Exception {
        Device device = emulator.registerDevice("sdk-gateway", Dialect.AZURE, AuthKind.SAS);
        DeviceClient client = new DeviceClient("HostName=myhub.azure-devices.net;DeviceId=" + device.id()
                + ";SharedAccessKey=" + device.key() + ";GatewayHostName=" + emulator.endpoints().host(),
                IotHubClientProtocol.MQTT, ClientOptions.builder().sslContext(sslContext(null)).build());
        try {
            client.open(false);
            client.subscribeToDesiredProperties((twin, context) -> { }, null, SDK_TIMEOUT_MILLIS);
            assertThat(answered("getTwin", client::getTwin).value().getDesiredProperties().getVersion())
                    .isEqualTo(1);
        } finally {
            client.close();
        }
        awaitSdkThreadsEnded(device.id());
    }

    @Test
    void sdkReconnectsWithAFreshTokenWhenTheEmulatorClosesItsExpiredConnection() throws Exception {
        Device device = emulator.registerDevice("sdk-expiry", Dialect.AZURE, AuthKind.SAS);
        String id = device.id();
        DeviceClient client = new DeviceClient("HostName=" + HUB_HOST + ";DeviceId=" + id + ";SharedAccessKey="
                + device.key(), IotHubClientProtocol.MQTT,
                ClientOptions.builder().sslContext(sslContext(null)).sasTokenExpiryTime(4).build());
        List<ConnectionStatusChangeContext> statuses = new CopyOnWriteArrayList<>();
        client.setConnectionStatusChangeCallback(statuses::add, null);
        try {
            client.open(false);
            BlockingQueue<Twin> desiredPatches = new LinkedBlockingQueue<>();
            client.subscribeToDesiredProperties((twin, context) -> desiredPatches.add(twin), null, SDK_TIMEOUT_MILLIS);
            // The emulator closes the connection when the 4 s token expires; the SDK signs a new one and reconnects.
            Await.until(id + " reconnected after its first token expired", WAIT,
                    () -> emulator.connection(id).connects() >= 2 && emulator.connection(id).connected()
                            && !statuses.isEmpty()
                            && statuses.get(statuses.size() - 1).getNewStatus() == IotHubConnectionStatus.CONNECTED);
            assertThat(statuses).extracting(ConnectionStatusChangeContext::getNewStatus,
                    ConnectionStatusChangeContext::getNewStatusReason).startsWith(
                    tuple(IotHubConnectionStatus.CONNECTED, IotHubConnectionStatusChangeReason.CONNECTION_OK),
                    tuple(IotHubConnectionStatus.DISCONNECTED_RETRYING,
                            IotHubConnectionStatusChangeReason.EXPIRED_SAS_TOKEN),
                    tuple(IotHubConnectionStatus.CONNECTED, IotHubConnectionStatusChangeReason.CONNECTION_OK));
            long version = emulator.patchDesired(id, "{\"after\":\"renewal\"}");
            Twin patch = desiredPatches.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(patch).as("desired patch delivered on the renewed connection").isNotNull();
            assertThat(patch.getDesiredProperties().getVersion()).isEqualTo((int) version);
        } finally {
            client.close();
        }
        awaitSdkThreadsEnded(id);
    }

    /** The same script for every kind of credential; closes the client and checks its threads ended. */
    private static void exercise(Device device, DeviceClient client) throws Exception {
        String id = device.id();
        List<ConnectionStatusChangeContext> statuses = new CopyOnWriteArrayList<>();
        client.setConnectionStatusChangeCallback(statuses::add, null);
        try {
            client.open(false);
            Await.until(id + " reported CONNECTED by the SDK", WAIT, () -> statuses.stream()
                    .anyMatch(s -> s.getNewStatus() == IotHubConnectionStatus.CONNECTED));
            assertThat(emulator.connection(id).connected()).isTrue();

            // Twin: the SDK insists on the desired subscription before any twin operation.
            BlockingQueue<Twin> desiredPatches = new LinkedBlockingQueue<>();
            client.subscribeToDesiredProperties((twin, context) -> desiredPatches.add(twin), null, SDK_TIMEOUT_MILLIS);

            Twin initial = answered("getTwin", client::getTwin).value();
            TwinDocument document = emulator.twin(id);
            assertThat(initial.getDesiredProperties().getVersion()).isEqualTo((int) document.desiredVersion());
            assertThat(initial.getReportedProperties().getVersion()).isEqualTo((int) document.reportedVersion());
            assertThat(initial.getDesiredProperties()).isEmpty();
            assertThat(initial.getReportedProperties()).isEmpty();

            TwinCollection reported = new TwinCollection();
            reported.put("firmware", "1.2.3");
            reported.put("battery", Map.of("level", 87));
            Answered<ReportedPropertiesUpdateResponse> report = answered("updateReportedProperties",
                    timeout -> client.updateReportedProperties(reported, timeout));
            ReportedPropertiesUpdateResponse acknowledged = report.value();
            TwinDocument afterReport = emulator.twin(id);
            assertThat(afterReport.reportedVersion()).isEqualTo(document.reportedVersion() + report.attempts());
            assertThat(acknowledged.getVersion()).isEqualTo((int) afterReport.reportedVersion());
            assertThat(JsonParser.parseString(afterReport.reported()))
                    .isEqualTo(JsonParser.parseString("{\"firmware\":\"1.2.3\",\"battery\":{\"level\":87}}"));

            Twin reread = answered("getTwin", client::getTwin).value();
            assertThat(reread.getReportedProperties().getVersion()).isEqualTo(acknowledged.getVersion());
            assertThat(reread.getReportedProperties()).containsEntry("firmware", "1.2.3");

            long desiredVersion = emulator.patchDesired(id, "{\"interval\":30,\"mode\":\"eco\"}");
            Twin patch = desiredPatches.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(patch).as("desired patch delivered to the SDK's callback").isNotNull();
            assertThat(patch.getDesiredProperties().getVersion()).isEqualTo((int) desiredVersion);
            assertThat(patch.getDesiredProperties()).containsEntry("mode", "eco").containsKey("interval");
            assertThat(((Number) patch.getDesiredProperties().get("interval")).intValue()).isEqualTo(30);

            // Direct method: the SDK answers with the status and payload the application chose.
            BlockingQueue<Invocation> invocations = new LinkedBlockingQueue<>();
            client.subscribeToMethods((name, payload, context) -> {
                invocations.add(new Invocation(name, payload.getPayloadAsJsonString()));
                if (name.equals("ping")) {
                    return new DirectMethodResponse(200, null);
                }
                Map<String, Object> reply = new LinkedHashMap<>();
                reply.put("applied", "eco");
                reply.put("restartIn", 5);
                return new DirectMethodResponse(201, reply);
            }, null, SDK_TIMEOUT_MILLIS);
            CompletableFuture<CommandResult> invoked = emulator.invoke(id, "setMode", "{\"mode\":\"eco\",\"delay\":5}",
                    WAIT);
            CommandResult result = invoked.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            Invocation invocation = invocations.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(invocation).as("setMode reached the SDK's method callback").isNotNull();
            assertThat(invocation.name()).isEqualTo("setMode");
            assertThat(JsonParser.parseString(invocation.payloadJson()))
                    .isEqualTo(JsonParser.parseString("{\"mode\":\"eco\",\"delay\":5}"));
            assertThat(result.status()).isEqualTo(201);
            assertThat(JsonParser.parseString(result.payloadJson()))
                    .isEqualTo(JsonParser.parseString("{\"applied\":\"eco\",\"restartIn\":5}"));

            // No request payload (an empty body on the wire) and a null reply payload, which the SDK sends as
            // the body "null": the back end sees {"status":200,"payload":null} either way.
            CompletableFuture<CommandResult> ping = emulator.invoke(id, "ping", null, WAIT);
            CommandResult pong = ping.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(pong.status()).isEqualTo(200);
            assertThat(pong.payloadJson()).satisfiesAnyOf(payload -> assertThat(payload).isNull(),
                    payload -> assertThat(JsonParser.parseString(payload).isJsonNull()).isTrue());
            assertThat(invocations.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).extracting(Invocation::name)
                    .isEqualTo("ping");

            // Telemetry with application properties and the content type and encoding system properties.
            Message message = new Message("{\"temperature\":21.5}".getBytes(StandardCharsets.UTF_8));
            message.setProperty("unit", "°C");
            message.setProperty("site", "hall 7");
            message.setContentType("application/json");
            message.setContentEncoding("utf-8");
            message.setMessageId("m-1");
            CountDownLatch sent = new CountDownLatch(1);
            AtomicReference<IotHubClientException> sendFailure = new AtomicReference<>();
            client.sendEventAsync(message, (m, e, context) -> {
                sendFailure.set(e);
                sent.countDown();
            }, null);
            assertThat(sent.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).as("telemetry acknowledged").isTrue();
            assertThat(sendFailure.get()).isNull();
            TelemetryMessage received = Await.value("telemetry recorded by the emulator", WAIT,
                    () -> emulator.messages(id, 10).stream().findFirst().orElse(null));
            assertThat(received.topic()).startsWith("devices/" + id + "/messages/events/");
            assertThat(new String(received.payload(), StandardCharsets.UTF_8)).isEqualTo("{\"temperature\":21.5}");
            assertThat(received.properties()).containsEntry("unit", "°C").containsEntry("site", "hall 7")
                    .containsEntry("$.ct", "application/json").containsEntry("$.ce", "utf-8")
                    .containsEntry("$.mid", "m-1");
        } finally {
            client.close();
        }
        assertThat(statuses).last().satisfies(last -> {
            assertThat(last.getNewStatus()).isEqualTo(IotHubConnectionStatus.DISCONNECTED);
            assertThat(last.getNewStatusReason()).isEqualTo(IotHubConnectionStatusChangeReason.CLIENT_CLOSE);
        });
        assertThat(statuses).extracting(ConnectionStatusChangeContext::getNewStatus)
                .doesNotContain(IotHubConnectionStatus.DISCONNECTED_RETRYING);
        Await.until(id + " offline in the emulator after close", WAIT, () -> !emulator.connection(id).connected());
        assertThat(emulator.connection(id).connects()).isEqualTo(1);
        awaitSdkThreadsEnded(id);
    }

    /**
     * Runs one synchronous twin request of the SDK, asking again (at most {@value #SDK_ATTEMPTS} times) when the SDK
     * loses the emulator's answer.
     *
     * <p>iot-device-client 2.5.0 has a race in {@code IotHubTransport.onMessageReceived}: it queues a received
     * answer for its receive task before it looks up the request's callback by correlation id, and the receive
     * task removes that callback (on a new thread) once it has acknowledged the answer. When the MQTT callback
     * thread loses the CPU between the two steps, the callback is gone and the request times out although its
     * answer arrived: the SDK's TRACE log then shows "Received MQTT device twin message" for the request id and no
     * "Executing twin callback". On 2 busy cores this happened in 2 of 3 runs of this class. 2.5.0 is the newest
     * release, so the test works around it instead of failing on it; each lost answer prints an {@code [sdk]} line.
     */
    private static <T> Answered<T> answered(String request, SdkRequest<T> call) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return new Answered<>(call.send(SDK_ATTEMPT_TIMEOUT_MILLIS), attempt);
            } catch (IotHubClientException e) {
                if (e.getStatusCode() != IotHubStatusCode.DEVICE_OPERATION_TIMED_OUT || attempt == SDK_ATTEMPTS) {
                    throw e;
                }
                System.out.println("[sdk] " + request + ": answer lost by the SDK on attempt " + attempt
                        + ", asking again");
            }
        }
    }

    /** One synchronous SDK request with its timeout. */
    @FunctionalInterface
    private interface SdkRequest<T> {
        T send(int timeoutMillis) throws Exception;
    }

    /** An SDK request's answer and how many requests it took (each reported patch counts on the service). */
    private record Answered<T>(T value, int attempts) { }

    /** A direct method call as the SDK handed it to the application. */
    private record Invocation(String name, String payloadJson) {
    }

    /**
     * The SDK's worker threads ({@code ...azure-iot-sdk-IotHub*Task}) and the Paho threads of its client
     * ({@code MQTT Call/Rec/Snd/Ping: <device id>}, {@code WssSocketReceiver}) are gone.
     */
    private static void awaitSdkThreadsEnded(String deviceId) {
        Await.until("the SDK's threads of " + deviceId + " ended", WAIT, () -> sdkThreads(deviceId).isEmpty());
    }

    private static List<String> sdkThreads(String deviceId) {
        List<String> names = new ArrayList<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            String name = thread.getName();
            boolean pahoOfDevice = name.startsWith("MQTT ") && name.endsWith(": " + deviceId);
            if (thread.isAlive() && (name.contains("azure-iot-sdk") || pahoOfDevice
                    || name.equals("WssSocketReceiver"))) {
                names.add(name);
            }
        }
        return names;
    }

    /** Trusts the emulator's CA; with {@code owner}, presents the owner's certificate and key too. */
    private static SSLContext sslContext(Device owner) throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        int index = 0;
        for (Certificate ca : certificates(emulator.endpoints().caCertificate())) {
            trusted.setCertificateEntry("ca-" + index++, ca);
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        KeyManager[] keyManagers = null;
        if (owner != null) {
            char[] password = "changeit".toCharArray();
            KeyStore identity = KeyStore.getInstance("PKCS12");
            identity.load(null, null);
            identity.setKeyEntry("device", rsaKey(owner.privateKeyFile()), password,
                    certificates(owner.certificateFile()).toArray(new Certificate[0]));
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(identity, password);
            keyManagers = keys.getKeyManagers();
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers, trust.getTrustManagers(), null);
        return context;
    }

    private static Collection<? extends Certificate> certificates(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return CertificateFactory.getInstance("X.509").generateCertificates(in);
        }
    }

    /** A PKCS#8 PEM RSA key, as the emulator issues device keys. */
    private static PrivateKey rsaKey(Path pem) throws Exception {
        String text = Files.readString(pem, StandardCharsets.US_ASCII);
        String base64 = text.replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", "")
                .replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getMimeDecoder()
                .decode(base64)));
    }
}
