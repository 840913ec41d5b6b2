package io.dmkit.transport.mqtt.tls;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** A real Paho client for tests: records what arrives and whether the connection was lost; closes fully. */
final class TestClient implements AutoCloseable {

    private final MqttClient client;
    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final AtomicReference<Throwable> lost = new AtomicReference<>();

    private TestClient(MqttClient client) {
        this.client = client;
    }

    /** Options every test starts from: clean session, 10 s connect timeout, no automatic reconnect. */
    static MqttConnectOptions options() {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setConnectionTimeout(10);
        options.setAutomaticReconnect(false);
        return options;
    }

    /** Connects or throws Paho's exception; a failed client is closed before the exception leaves. */
    static TestClient connect(String uri, MqttConnectOptions options) throws MqttException {
        MqttClient client = new MqttClient(uri, "dmkit-test-" + System.nanoTime(), new MemoryPersistence());
        TestClient test = new TestClient(client);
        client.setCallback(test.callback());
        try {
            client.connect(options);
            return test;
        } catch (MqttException | RuntimeException e) {
            client.close(true);
            throw e;
        }
    }

    String clientId() {
        return client.getClientId();
    }

    boolean isConnected() {
        return client.isConnected();
    }

    /** The cause Paho reported to connectionLost, or null while connected. */
    Throwable lostCause() {
        return lost.get();
    }

    void subscribe(String topic) throws MqttException {
        client.subscribe(topic, 1);
    }

    void publish(String topic, String payload) throws MqttException {
        client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1, false);
    }

    /** The next "topic=payload" received, or null if none arrives within {@code timeout}. */
    String nextMessage(Duration timeout) throws InterruptedException {
        return received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws MqttException {
        try {
            if (client.isConnected()) {
                client.disconnect(2000);
            }
        } finally {
            client.close(true);
        }
    }

    private MqttCallback callback() {
        return new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                lost.set(cause);
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                received.add(topic + "=" + new String(message.getPayload(), StandardCharsets.UTF_8));
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        };
    }
}
