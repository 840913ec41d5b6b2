package io.dmkit.emulator.thingspro;

import io.dmkit.testing.Await;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * A device in a test: a raw Paho client that speaks the protocol by hand, exactly as spec §2
 * describes (client id = device id, will, clean session, the device subscriptions in order), so
 * the service is tested against the wire format rather than against dmkit's own transport.
 */
final class TestDevice implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final long WAIT_MS = TIMEOUT.toMillis();

    /** A message the device received. */
    record Received(String topic, byte[] payload, boolean retained) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** The {@code {status}} level of a {@code twin/res} or {@code commands/res} topic. */
        int status() {
            String[] levels = topic.split("/");
            return Integer.parseInt(levels[levels.length - 2]);
        }

        /** The last level: the rid of a response or request, the version of a desired patch. */
        String last() {
            return topic.substring(topic.lastIndexOf('/') + 1);
        }
    }

    private final String id;
    private final String root;
    private final MqttAsyncClient client;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    private TestDevice(String brokerUri, String root, String id) throws MqttException {
        this.id = id;
        this.root = root;
        this.client = new MqttAsyncClient(brokerUri, id, new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                received.add(new Received(topic, message.getPayload(), message.isRetained()));
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
    }

    /** Connects with the will of spec §2 and subscribes to the device topics; not yet online. */
    static TestDevice connect(String brokerUri, String deviceId) throws MqttException {
        TestDevice device = new TestDevice(brokerUri, "dm", deviceId);
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setCleanSession(true);
        o.setAutomaticReconnect(false);
        o.setWill(device.topic("status"), utf8("{\"state\":\"offline\",\"reason\":\"connection-lost\"}"), 1, true);
        device.client.connect(o).waitForCompletion(WAIT_MS);
        String base = device.topic("");
        device.client.subscribe(new String[] {base + "twin/desired/+", base + "twin/res/+/+", base + "commands/req/#"},
                new int[] {1, 1, 1}).waitForCompletion(WAIT_MS);
        return device;
    }

    String id() {
        return id;
    }

    /** {@code dm/{id}/{suffix}}. */
    String topic(String suffix) {
        return root + "/" + id + "/" + suffix;
    }

    /** Publishes the retained online status. */
    TestDevice online() throws MqttException {
        publishRetained("status", utf8("{\"state\":\"online\",\"protocol\":1}"));
        return this;
    }

    /** Publishes (QoS 1, waiting for PUBACK) to {@code dm/{id}/{suffix}}. */
    void publish(String suffix, byte[] payload) throws MqttException {
        publishTo(topic(suffix), payload, false);
    }

    void publish(String suffix, String payload) throws MqttException {
        publish(suffix, utf8(payload));
    }

    void publishRetained(String suffix, byte[] payload) throws MqttException {
        publishTo(topic(suffix), payload, true);
    }

    /** Publishes to any topic, as a misbehaving device could. */
    void publishTo(String topic, byte[] payload, boolean retained) throws MqttException {
        client.publish(topic, payload, 1, retained).waitForCompletion(WAIT_MS);
    }

    /** Fetches the twin (spec §4.1) and returns the response. */
    Received twinGet(String rid) throws MqttException {
        publish("twin/get/" + rid, new byte[0]);
        return awaitTopic(topic("twin/res/"), rid);
    }

    /** Sends a reported patch (spec §4.2) and returns the response. */
    Received report(String rid, byte[] patch) throws MqttException {
        publish("twin/reported/" + rid, patch);
        return awaitTopic(topic("twin/res/"), rid);
    }

    Received report(String rid, String patch) throws MqttException {
        return report(rid, utf8(patch));
    }

    /** Waits for the first received message matching {@code condition}. */
    Received await(String description, Predicate<Received> condition) {
        return Await.value(description + " at device " + id, TIMEOUT,
                () -> received.stream().filter(condition).findFirst().orElse(null));
    }

    /** Everything received so far, in order. */
    List<Received> received() {
        return List.copyOf(received);
    }

    /** Drops the TCP connection without DISCONNECT, as a crash would: the broker publishes the will. */
    void dropConnection() throws MqttException {
        client.disconnectForcibly(0, 0, false);
    }

    /** Publishes the offline status and disconnects cleanly (spec §2), then releases the client. */
    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                publishRetained("status", utf8("{\"state\":\"offline\",\"reason\":\"disconnected\"}"));
                client.disconnect().waitForCompletion(WAIT_MS);
            }
        } catch (MqttException e) {
            // the test already failed or dropped the connection on purpose; release the client anyway
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            throw new IllegalStateException("could not close test device " + id, e);
        }
    }

    private Received awaitTopic(String prefix, String rid) {
        return await("a message on " + prefix + "*/" + rid,
                r -> r.topic().startsWith(prefix) && r.topic().endsWith("/" + rid));
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
