package io.dmkit.benchmarks;

import io.dmkit.transport.mqtt.ConnectSettings;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * The floor of figure 3: a ThingsPro device written straight on Paho, doing the least the protocol
 * (docs/protocols/thingspro.md) allows: it says it is online, echoes every command from Paho's callback
 * thread, and notes when each desired patch arrives. The same service calls reach it and the dmkit
 * session over the same broker, so the difference is what dmkit adds.
 */
final class RawDevice implements AutoCloseable, MqttCallback {

    /** A desired patch as it arrived: its version (from the topic) and {@link System#nanoTime()}. */
    record Arrival(long version, long nanos) {
    }

    final BlockingQueue<Arrival> desired = new LinkedBlockingQueue<>();
    private final MqttAsyncClient client;
    private final String root;

    RawDevice(String brokerUri, String deviceId) throws MqttException {
        root = "dm/" + deviceId + "/";
        client = new MqttAsyncClient(brokerUri, deviceId, new MemoryPersistence());
        client.setCallback(this);
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        // the sockets dmkit's connections use (TCP_NODELAY once connected): the floor is Paho's, not Nagle's
        ConnectSettings sockets = ConnectSettings.builder(brokerUri, deviceId).build();
        options.setSocketFactory(sockets.socketFactory());
        client.connect(options).waitForCompletion(10_000);
        sockets.connected();
        client.subscribe(new String[] {root + "twin/desired/+", root + "commands/req/#"}, new int[] {1, 1})
                .waitForCompletion(10_000);
        client.publish(root + "status", "{\"state\":\"online\",\"protocol\":1}".getBytes(StandardCharsets.UTF_8),
                1, true).waitForCompletion(10_000);
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) throws MqttException {
        long now = System.nanoTime();
        String[] levels = topic.substring(root.length()).split("/");
        if (levels[0].equals("twin") && levels[1].equals("desired")) {
            desired.add(new Arrival(Long.parseLong(levels[2]), now));
        } else if (levels[0].equals("commands") && levels.length >= 4) {
            // commands/req/{name}/{rid}[/{timeoutMs}]: answer 200 with the request's payload
            client.publish(root + "commands/res/200/" + levels[3], message.getPayload(), 1, false);
        }
    }

    @Override
    public void connectionLost(Throwable cause) {
        // the figures that follow fail with a timeout, which says more
    }

    @Override
    public void deliveryComplete(IMqttDeliveryToken token) {
        // QoS 1 replies: nothing to do
    }

    @Override
    public void close() throws MqttException {
        try {
            client.disconnect().waitForCompletion(5_000);
        } finally {
            client.close();
        }
    }
}
