package io.dmkit.faults;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * A plain MQTT client on the broker that sees every command request and reply of one device as they
 * cross the broker (spec §5: {@code dm/{id}/commands/req/{name}/{rid}[/{timeoutMs}]} and
 * {@code dm/{id}/commands/res/{status}/{rid}}), independently of the service and of dmkit: what is
 * on the wire, not what either side says it did.
 */
final class WireTap implements AutoCloseable {

    /** A reply as the broker carried it. */
    record Reply(String rid, int status, String payload) {
    }

    private final MqttClient client;
    private final String requestPrefix;
    private final String replyPrefix;
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private final List<Reply> replies = new CopyOnWriteArrayList<>();

    private WireTap(MqttClient client, String deviceId) {
        this.client = client;
        this.requestPrefix = "dm/" + deviceId + "/commands/req/";
        this.replyPrefix = "dm/" + deviceId + "/commands/res/";
    }

    /** Connects to {@code brokerUri} and subscribes to the device's command topics. */
    static WireTap start(String brokerUri, String deviceId) throws MqttException {
        MqttClient client = new MqttClient(brokerUri, "wire-tap-" + deviceId, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setAutomaticReconnect(false);
        client.connect(options);
        WireTap tap = new WireTap(client, deviceId);
        client.subscribe("dm/" + deviceId + "/commands/#", 1, (topic, message) -> tap.seen(topic,
                new String(message.getPayload(), java.nio.charset.StandardCharsets.UTF_8)));
        return tap;
    }

    private void seen(String topic, String payload) {
        if (topic.startsWith(requestPrefix)) {
            String[] parts = topic.substring(requestPrefix.length()).split("/");
            requests.computeIfAbsent(parts[1], r -> new AtomicInteger()).incrementAndGet();
        } else if (topic.startsWith(replyPrefix)) {
            String[] parts = topic.substring(replyPrefix.length()).split("/");
            replies.add(new Reply(parts[1], Integer.parseInt(parts[0]), payload));
        }
    }

    /** The request ids of every request seen, with how often each was published. */
    Map<String, AtomicInteger> requests() {
        return Map.copyOf(requests);
    }

    List<Reply> replies() {
        return List.copyOf(replies);
    }

    /** Replies to {@code rid} seen so far. */
    long repliesTo(String rid) {
        return replies.stream().filter(r -> r.rid().equals(rid)).count();
    }

    @Override
    public void close() throws MqttException {
        try {
            client.disconnect(1000);
        } finally {
            client.close();
        }
    }
}
