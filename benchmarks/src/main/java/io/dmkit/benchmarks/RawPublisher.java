package io.dmkit.benchmarks;

import io.dmkit.transport.mqtt.ConnectSettings;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * The physical limit of figure 1: Paho's async client publishing QoS 1 with the same in-flight window
 * as the dmkit session, and nothing else (no queue, no futures, no persistence). A semaphore keeps
 * exactly {@code window} publishes unacknowledged, as dmkit's sender does.
 */
final class RawPublisher implements AutoCloseable {

    private final MqttAsyncClient client;
    private final int window;

    RawPublisher(String brokerUri, String clientId, int window) throws MqttException {
        this.window = window;
        client = new MqttAsyncClient(brokerUri, clientId, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        // the sockets dmkit's connections use (TCP_NODELAY once connected): the floor is Paho's, not Nagle's
        ConnectSettings sockets = ConnectSettings.builder(brokerUri, clientId).build();
        options.setSocketFactory(sockets.socketFactory());
        options.setMaxInflight(window);
        options.setKeepAliveInterval(60);
        client.connect(options).waitForCompletion(10_000);
        sockets.connected();
    }

    /**
     * Publishes {@code count} messages to {@code topic} and waits for every PUBACK.
     *
     * @return messages per second
     */
    double publish(String topic, byte[] payload, int count) throws Exception {
        Semaphore slots = new Semaphore(window);
        CountDownLatch acked = new CountDownLatch(count);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        IMqttActionListener onAck = new IMqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                slots.release();
                acked.countDown();
            }

            @Override
            public void onFailure(IMqttToken token, Throwable e) {
                failure.compareAndSet(null, e);
                slots.release();
                acked.countDown();
            }
        };
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            slots.acquire();
            sendWhenPahoHasRoom(topic, payload, onAck);
        }
        if (!acked.await(5, TimeUnit.MINUTES)) {
            throw new IllegalStateException("raw Paho: " + acked.getCount() + " of " + count + " not acknowledged");
        }
        long elapsed = System.nanoTime() - start;
        if (failure.get() != null) {
            throw new IllegalStateException("raw Paho publish failed", failure.get());
        }
        return count / (elapsed / 1e9);
    }

    /**
     * Paho frees its own in-flight slot a moment after it calls the listener that freed ours: on
     * "too many publishes in progress" try again (a tight retry: the slot is about to be freed).
     */
    private void sendWhenPahoHasRoom(String topic, byte[] payload, IMqttActionListener onAck) throws MqttException {
        while (true) {
            try {
                client.publish(topic, payload, 1, false, null, onAck);
                return;
            } catch (MqttException e) {
                if (e.getReasonCode() != MqttException.REASON_CODE_MAX_INFLIGHT) {
                    throw e;
                }
                Thread.onSpinWait();
            }
        }
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
