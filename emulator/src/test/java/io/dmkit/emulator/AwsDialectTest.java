package io.dmkit.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.dmkit.pki.ClientCredentials;
import io.dmkit.pki.KeyKind;
import io.dmkit.pki.LocalPki;
import io.dmkit.testing.Await;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;
import java.util.function.Predicate;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AWS IoT Core dialect on the wire (protocols.md §3), spoken by hand-written Paho devices over
 * mutual TLS: MQTT 3.1.1 for the Device Shadow service, MQTT 5 where AWS needs its properties
 * (command timeouts as message expiry, telemetry user properties).
 */
class AwsDialectTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String SHADOW = "$aws/things/thing-1/shadow";
    private static final String EXECUTIONS = "$aws/commands/things/thing-1/executions";

    @TempDir
    static Path dir;
    static Emulator emulator;
    static Device thing;
    static SSLSocketFactory thingTls;

    @BeforeAll
    static void start() throws Exception {
        emulator = Emulator.start(EmulatorOptions.forTests(dir.resolve("state")).build());
        thing = emulator.registerDevice("thing-1", Dialect.AWS, AuthKind.X509);
        thingTls = RawDevice.trusting(emulator, thing);
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @Test
    void shadowUpdateDeltaAndGetFollowTheDeviceShadowService() throws Exception {
        // AWS does not tie the client id to the thing: the certificate says which thing this is.
        try (RawDevice device = connect("sensor-7")) {
            device.subscribe(SHADOW + "/get/accepted", SHADOW + "/get/rejected", SHADOW + "/update/accepted",
                    SHADOW + "/update/rejected", SHADOW + "/update/delta", SHADOW + "/update/documents");

            device.publish(SHADOW + "/get", "{\"clientToken\":\"g0\"}");
            JsonObject missing = take(device, SHADOW + "/get/rejected");
            assertThat(missing.get("code").getAsInt()).isEqualTo(404);
            assertThat(missing.get("clientToken").getAsString()).isEqualTo("g0");

            device.publish(SHADOW + "/update", "{\"state\":{\"reported\":{\"temp\":21,\"fw\":\"1.0\"}},\"clientToken\":\"u1\"}");
            JsonObject accepted = take(device, SHADOW + "/update/accepted");
            assertThat(accepted.get("version").getAsLong()).isEqualTo(1);
            assertThat(accepted.get("clientToken").getAsString()).isEqualTo("u1");
            assertThat(accepted.getAsJsonObject("state")).isEqualTo(json("{\"reported\":{\"temp\":21,\"fw\":\"1.0\"}}"));
            assertThat(accepted.getAsJsonObject("metadata").getAsJsonObject("reported").getAsJsonObject("temp")
                    .get("timestamp").getAsLong()).isPositive();
            JsonObject created = take(device, SHADOW + "/update/documents");
            assertThat(created.has("previous")).isFalse();
            assertThat(created.getAsJsonObject("current").get("version").getAsLong()).isEqualTo(1);

            long version = emulator.patchDesired(thing.id(), "{\"temp\":25,\"fw\":\"1.0\"}");
            assertThat(version).isEqualTo(2);
            JsonObject delta = take(device, SHADOW + "/update/delta");
            assertThat(delta.getAsJsonObject("state")).isEqualTo(json("{\"temp\":25}"));
            assertThat(delta.get("version").getAsLong()).isEqualTo(2);
            JsonObject documents = take(device, SHADOW + "/update/documents");
            assertThat(documents.getAsJsonObject("previous").get("version").getAsLong()).isEqualTo(1);
            assertThat(documents.getAsJsonObject("current").getAsJsonObject("state"))
                    .isEqualTo(json("{\"desired\":{\"temp\":25,\"fw\":\"1.0\"},\"reported\":{\"temp\":21,\"fw\":\"1.0\"}}"));

            device.publish(SHADOW + "/get", "{\"clientToken\":\"g1\"}");
            JsonObject shadow = take(device, SHADOW + "/get/accepted");
            assertThat(shadow.getAsJsonObject("state")).isEqualTo(json("{\"desired\":{\"temp\":25,\"fw\":\"1.0\"},"
                    + "\"reported\":{\"temp\":21,\"fw\":\"1.0\"},\"delta\":{\"temp\":25}}"));
            assertThat(shadow.getAsJsonObject("metadata").keySet()).containsExactlyInAnyOrder("desired", "reported");
            assertThat(shadow.get("version").getAsLong()).isEqualTo(2);
            assertThat(shadow.get("clientToken").getAsString()).isEqualTo("g1");

            TwinDocument twin = emulator.twin(thing.id());
            assertThat(json(twin.desired())).isEqualTo(json("{\"temp\":25,\"fw\":\"1.0\"}"));
            assertThat(json(twin.reported())).isEqualTo(json("{\"temp\":21,\"fw\":\"1.0\"}"));
            assertThat(twin.desiredVersion()).isEqualTo(2);
            assertThat(twin.reportedVersion()).isEqualTo(2);

            // The REST patch was an update too: its accepted message went to the device as well.
            assertThat(take(device, SHADOW + "/update/accepted").has("clientToken")).isFalse();
            device.publish(SHADOW + "/update", "{\"state\":{\"reported\":{\"temp\":25}},\"clientToken\":\"u2\"}");
            JsonObject caughtUp = take(device, SHADOW + "/update/accepted");
            assertThat(caughtUp.get("clientToken").getAsString()).isEqualTo("u2");
            assertThat(caughtUp.get("version").getAsLong()).isEqualTo(3);
            take(device, SHADOW + "/update/documents");
            device.publish(SHADOW + "/get", "");
            assertThat(take(device, SHADOW + "/get/accepted").getAsJsonObject("state").has("delta")).isFalse();
            assertThat(device.received).as("no delta once reported matches desired").isEmpty();
        }
    }

    @Test
    void staleVersionIsAConflictAndOversizedOrInvalidUpdatesAreRejected() throws Exception {
        String named = "$aws/things/thing-1/shadow/name/limits";
        try (RawDevice device = connect("limits-client")) {
            device.subscribe(named + "/update/accepted", named + "/update/rejected");
            device.publish(named + "/update", "{\"state\":{\"reported\":{\"a\":1}}}");
            assertThat(take(device, named + "/update/accepted").get("version").getAsLong()).isEqualTo(1);
            device.publish(named + "/update", "{\"state\":{\"reported\":{\"a\":2}},\"version\":1,\"clientToken\":\"v1\"}");
            assertThat(take(device, named + "/update/accepted").get("version").getAsLong()).isEqualTo(2);

            device.publish(named + "/update", "{\"state\":{\"reported\":{\"a\":3}},\"version\":1,\"clientToken\":\"stale\"}");
            JsonObject conflict = take(device, named + "/update/rejected");
            assertThat(conflict.get("code").getAsInt()).isEqualTo(409);
            assertThat(conflict.get("message").getAsString()).isEqualTo("Version conflict");
            assertThat(conflict.get("clientToken").getAsString()).isEqualTo("stale");
            assertThat(conflict.get("timestamp").getAsLong()).isPositive();

            String half = "x".repeat(4500);
            device.publish(named + "/update", "{\"state\":{\"desired\":{\"d\":\"" + half + "\"}}}");
            take(device, named + "/update/accepted");
            device.publish(named + "/update", "{\"state\":{\"reported\":{\"r\":\"" + half + "\"}},\"clientToken\":\"big\"}");
            JsonObject tooLarge = take(device, named + "/update/rejected");
            assertThat(tooLarge.get("code").getAsInt()).isEqualTo(413);
            assertThat(tooLarge.get("clientToken").getAsString()).isEqualTo("big");

            device.publish(named + "/update", "{\"state\":");
            assertThat(take(device, named + "/update/rejected").get("code").getAsInt()).isEqualTo(400);
        }
    }

    @Test
    void throttledShadowRequestsAreAnswered429() throws Exception {
        Device throttled = emulator.registerDevice("thing-throttled", Dialect.AWS, AuthKind.X509);
        String prefix = "$aws/things/thing-throttled/shadow";
        try (RawDevice device = RawDevice.connect(emulator.endpoints().mqttTlsUri().toString(), "t-client", null, null,
                RawDevice.trusting(emulator, throttled))) {
            device.subscribe(prefix + "/update/rejected");
            emulator.inject(throttled.id(), new Fault.ThrottleTwin(Duration.ofMinutes(1)));
            device.publish(prefix + "/update", "{\"state\":{\"reported\":{\"a\":1}},\"clientToken\":\"t\"}");
            JsonObject rejected = take(device, prefix + "/update/rejected");
            assertThat(rejected.get("code").getAsInt()).isEqualTo(429);
            assertThat(rejected.get("clientToken").getAsString()).isEqualTo("t");
        }
    }

    @Test
    void anotherThingsShadowTopicsAreRefused() throws Exception {
        try (RawDevice device = connect("nosy-client")) {
            assertThatThrownBy(() -> device.subscribe("$aws/things/thing-2/shadow/update/delta"))
                    .isInstanceOf(MqttException.class);
            assertThatThrownBy(() -> device.subscribe("$aws/things/+/shadow/update/delta"))
                    .isInstanceOf(MqttException.class);
        }
    }

    @Test
    void connectionWithoutClientCertificateIsNotAuthorized() {
        SSLSocketFactory noCertificate = RawDevice.trusting(emulator, null);

        assertThatThrownBy(() -> RawDevice.connect(emulator.endpoints().mqttTlsUri().toString(), thing.id(), null, null,
                noCertificate)).isInstanceOfSatisfying(MqttException.class,
                        e -> assertThat(e.getReasonCode()).isEqualTo(MqttException.REASON_CODE_NOT_AUTHORIZED));
    }

    @Test
    void certificateOfAnotherCaIsRefused() {
        ClientCredentials foreign = LocalPki.other(dir.resolve("other-ca")).client("x", KeyKind.RSA_PKCS8);
        Device stranger = new Device(thing.id(), Dialect.AWS, AuthKind.X509, null, foreign.cert(), foreign.key(), null);
        long connectsBefore = emulator.connection(thing.id()).connects();

        assertThatThrownBy(() -> RawDevice.connect(emulator.endpoints().mqttTlsUri().toString(), thing.id(), null, null,
                RawDevice.trusting(emulator, stranger))).isInstanceOf(MqttException.class);
        assertThat(emulator.connection(thing.id()).connects()).isEqualTo(connectsBefore);
    }

    @Test
    void commandsCarryTheDevicesStatusAndResultAndTimeOut() throws Exception {
        try (V5Device device = V5Device.connect("commands-client")) {
            device.subscribe(EXECUTIONS + "/+/request/json", EXECUTIONS + "/+/response/accepted/json",
                    EXECUTIONS + "/+/response/rejected/json");

            CompletableFuture<CommandResult> reboot = emulator.invoke(thing.id(), "reboot", "{\"delay\":1}",
                    Duration.ofSeconds(20));
            V5Device.Received request = device.take(t -> t.endsWith("/request/json"));
            assertThat(json(request.payload())).isEqualTo(json("{\"name\":\"reboot\",\"params\":{\"delay\":1}}"));
            assertThat(request.properties().getMessageExpiryInterval()).isBetween(1L, 20L);
            String execution = executionOf(request.topic());
            device.publish(execution + "/response/json", "{\"status\":\"SUCCEEDED\",\"statusReason\":{\"reasonCode\":"
                    + "\"HTTP_200\"},\"result\":{\"response\":{\"s\":\"{\\\"rebooting\\\":true}\"}}}", List.of());
            assertThat(reboot.get()).isEqualTo(new CommandResult(200, "{\"rebooting\":true}"));
            assertThat(json(device.take(t -> t.equals(execution + "/response/accepted/json")).payload())
                    .get("executionId").getAsString()).isEqualTo(execution.substring(execution.lastIndexOf('/') + 1));

            CompletableFuture<CommandResult> busy = emulator.invoke(thing.id(), "update", null, Duration.ofSeconds(20));
            String busyExecution = executionOf(device.take(t -> t.endsWith("/request/json")).topic());
            device.publish(busyExecution + "/response/json", "{\"status\":\"IN_PROGRESS\"}", List.of());
            device.take(t -> t.equals(busyExecution + "/response/accepted/json"));
            assertThat(busy).isNotDone();
            device.publish(busyExecution + "/response/json", "{\"status\":\"FAILED\",\"statusReason\":{\"reasonCode\":"
                    + "\"HTTP_503\",\"reasonDescription\":\"busy\"}}", List.of());
            assertThat(busy.get()).isEqualTo(new CommandResult(503, null));

            CompletableFuture<CommandResult> slow = emulator.invoke(thing.id(), "slow", "{}", Duration.ofMillis(500));
            String slowExecution = executionOf(device.take(t -> t.endsWith("/request/json")).topic());
            assertThat(slow.get().status()).isEqualTo(504);
            device.publish(slowExecution + "/response/json", "{\"status\":\"SUCCEEDED\"}", List.of());
            JsonObject late = json(device.take(t -> t.equals(slowExecution + "/response/rejected/json")).payload());
            assertThat(late.get("error").getAsString()).isEqualTo("TerminalStateReached");
        }
    }

    @Test
    void commandToAThingThatIsNotConnectedIs404() throws Exception {
        Device offline = emulator.registerDevice("thing-offline", Dialect.AWS, AuthKind.X509);

        assertThat(emulator.invoke(offline.id(), "reboot", null, WAIT).get().status()).isEqualTo(404);
    }

    @Test
    void telemetryKeepsItsMqtt5UserPropertiesAndIsRoutedLikeAnyPublish() throws Exception {
        try (V5Device device = V5Device.connect("telemetry-client")) {
            device.subscribe("dt/thing-1/#");
            device.publish("dt/thing-1/messages", "{\"t\":21}",
                    List.of(new UserProperty("unit", "°C"), new UserProperty("site", "a b")));

            TelemetryMessage message = Await.value("telemetry recorded", WAIT, () -> emulator.messages(thing.id(), 10)
                    .stream().filter(m -> m.topic().equals("dt/thing-1/messages")).findFirst().orElse(null));
            assertThat(message.properties()).containsEntry("unit", "°C").containsEntry("site", "a b");
            assertThat(new String(message.payload(), StandardCharsets.UTF_8)).isEqualTo("{\"t\":21}");
            assertThat(device.take(t -> t.equals("dt/thing-1/messages")).properties().getUserProperties())
                    .extracting(UserProperty::getKey).contains("unit", "site");
        }
    }

    private static RawDevice connect(String clientId) throws MqttException {
        return RawDevice.connect(emulator.endpoints().mqttTlsUri().toString(), clientId, null, null, thingTls);
    }

    /** Takes the first message received on {@code topic}, whatever arrived before it on other topics. */
    private static JsonObject take(RawDevice device, String topic) {
        return json(takeFirst(device.received, m -> m.topic().equals(topic), RawDevice.Received::topic).payload());
    }

    private static <T> T takeFirst(Collection<T> received, Predicate<T> wanted, Function<T, String> describe) {
        return Await.value("a message matching the test among " + received.stream().map(describe).toList(), WAIT, () -> {
            for (T message : received) {
                if (wanted.test(message) && received.remove(message)) {
                    return message;
                }
            }
            return null;
        });
    }

    /** {@code $aws/commands/things/thing-1/executions/<id>} of a request topic. */
    private static String executionOf(String requestTopic) {
        return requestTopic.substring(0, requestTopic.length() - "/request/json".length());
    }

    private static JsonObject json(String text) {
        return JsonParser.parseString(text).getAsJsonObject();
    }

    /** An MQTT 5 device over mutual TLS with thing-1's certificate; what it receives lands in {@link #received}. */
    private static final class V5Device implements AutoCloseable {

        record Received(String topic, String payload, MqttProperties properties) {
        }

        private final MqttClient client;
        private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

        private V5Device(MqttClient client) {
            this.client = client;
        }

        static V5Device connect(String clientId) throws Exception {
            MqttClient client = new MqttClient(emulator.endpoints().mqttTlsUri().toString(), clientId,
                    new MemoryPersistence());
            V5Device device = new V5Device(client);
            client.setCallback(device.new Inbox());
            MqttConnectionOptions options = new MqttConnectionOptions();
            options.setCleanStart(true);
            options.setAutomaticReconnect(false);
            options.setConnectionTimeout(10);
            options.setSocketFactory(thingTls);
            client.connect(options);
            return device;
        }

        void subscribe(String... filters) throws Exception {
            int[] qos = new int[filters.length];
            java.util.Arrays.fill(qos, 1);
            IMqttToken token = client.subscribe(filters, qos);
            for (int code : token.getReasonCodes()) {
                assertThat(code).as("SUBACK reason code").isLessThan(0x80);
            }
        }

        void publish(String topic, String payload, List<UserProperty> userProperties) throws Exception {
            MqttMessage message = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
            message.setQos(1);
            MqttProperties properties = new MqttProperties();
            properties.setUserProperties(userProperties);
            message.setProperties(properties);
            client.publish(topic, message);
        }

        Received take(Predicate<String> topic) {
            return takeFirst(received, m -> topic.test(m.topic()), Received::topic);
        }

        @Override
        public void close() throws org.eclipse.paho.mqttv5.common.MqttException {
            if (client.isConnected()) {
                client.disconnect(1000);
            }
            client.close(true);
        }

        private final class Inbox implements MqttCallback {
            @Override
            public void messageArrived(String topic, MqttMessage message) {
                received.add(new Received(topic, new String(message.getPayload(), StandardCharsets.UTF_8),
                        message.getProperties()));
            }

            @Override
            public void disconnected(MqttDisconnectResponse response) {
            }

            @Override
            public void mqttErrorOccurred(org.eclipse.paho.mqttv5.common.MqttException exception) {
            }

            @Override
            public void deliveryComplete(IMqttToken token) {
            }

            @Override
            public void connectComplete(boolean reconnect, String serverUri) {
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {
            }
        }
    }
}
