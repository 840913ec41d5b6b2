package io.dmkit.emulator;

import io.dmkit.transport.mqtt.tls.ClientIdentity;
import io.dmkit.transport.mqtt.tls.PemReader;
import io.dmkit.transport.mqtt.tls.TlsSocketFactories;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.paho.client.mqttv3.IMqttMessageListener;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * A device written by hand with Paho (MQTT 3.1.1), to prove the emulator's dialects on the wire:
 * every message it receives lands in {@link #received}.
 */
final class RawDevice implements AutoCloseable {

    /** A message as the device received it. */
    record Received(String topic, String payload) {
    }

    private final MqttClient client;
    final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

    private RawDevice(MqttClient client) {
        this.client = client;
    }

    static SSLSocketFactory trusting(Emulator emulator, Device certificateOwner) {
        ClientIdentity identity = certificateOwner == null ? null
                : ClientIdentity.read("cert", certificateOwner.certificateFile().toString(), "key",
                        certificateOwner.privateKeyFile().toString());
        return TlsSocketFactories.create(
                PemReader.certificates("ca", emulator.endpoints().caCertificate().toString()), false, identity);
    }

    /** Connects (clean session) or throws the broker's refusal. */
    static RawDevice connect(String uri, String clientId, String userName, String password, SSLSocketFactory tls)
            throws MqttException {
        MqttClient client = new MqttClient(uri, clientId, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setCleanSession(true);
        options.setAutomaticReconnect(false);
        options.setConnectionTimeout(10);
        if (userName != null) {
            options.setUserName(userName);
        }
        if (password != null) {
            options.setPassword(password.toCharArray());
        }
        if (tls != null) {
            options.setSocketFactory(tls);
        }
        try {
            client.connect(options);
        } catch (MqttException e) {
            closeQuietly(client);
            throw e;
        }
        return new RawDevice(client);
    }

    void subscribe(String... filters) throws MqttException {
        IMqttMessageListener[] listeners = new IMqttMessageListener[filters.length];
        int[] qos = new int[filters.length];
        for (int i = 0; i < filters.length; i++) {
            qos[i] = 1;
            listeners[i] = (topic, message) -> received.add(
                    new Received(topic, new String(message.getPayload(), StandardCharsets.UTF_8)));
        }
        client.subscribe(filters, qos, listeners);
    }

    void publish(String topic, String payload) throws MqttException {
        MqttMessage message = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
        message.setQos(1);
        client.publish(topic, message);
    }

    /** The next message received within {@code timeout}, or an assertion error. */
    Received next(Duration timeout) throws InterruptedException {
        Received message = received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (message == null) {
            throw new AssertionError("no message within " + timeout);
        }
        return message;
    }

    boolean isConnected() {
        return client.isConnected();
    }

    @Override
    public void close() {
        closeQuietly(client);
    }

    private static void closeQuietly(MqttClient client) {
        try {
            if (client.isConnected()) {
                client.disconnect(1000);
            }
        } catch (MqttException e) {
            // the test is over; the broker drops the connection with the client
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            // already closed
        }
    }
}
