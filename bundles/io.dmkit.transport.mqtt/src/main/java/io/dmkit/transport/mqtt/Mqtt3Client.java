package io.dmkit.transport.mqtt;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.ScheduledExecutorPingSender;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * MQTT 3.1.1 for {@link MqttConnection}: one Paho {@code mqttv3} client. Its in-flight window is the
 * configured {@link ConnectSettings#maxInflight()}, which Paho enforces by refusing a publish
 * ({@code REASON_CODE_MAX_INFLIGHT}); its PUBACK carries no reason code.
 */
public final class Mqtt3Client implements PahoClient<MqttMessage> {

    /** SUBACK's "failure" return code. */
    private static final int SUBSCRIBE_FAILED = 0x80;

    private final String description;
    private final ScheduledExecutorService scheduler;
    private volatile MqttAsyncClient client;
    private volatile int maxInflight;

    public Mqtt3Client(String description, ScheduledExecutorService scheduler) {
        this.description = description;
        this.scheduler = scheduler;
    }

    /** A message to publish: Paho's has no constructor that takes all three. */
    public static MqttMessage message(byte[] payload, int qos, boolean retained) {
        MqttMessage m = new MqttMessage(payload);
        m.setQos(qos);
        m.setRetained(retained);
        return m;
    }

    @Override
    public CompletableFuture<Void> connect(ConnectSettings settings, Events<MqttMessage> events) {
        maxInflight = settings.maxInflight();
        return call(listener -> {
            // A null executor gives Paho threads of its own for I/O, which block; only pings go to the scheduler.
            client = new MqttAsyncClient(settings.serverUri(), settings.clientId(), new MemoryPersistence(),
                    new ScheduledExecutorPingSender(scheduler), null);
            client.setCallback(new Callback(events));
            client.connect(Mqtt3Options.of(settings), null, listener);
        }, connack -> null);
    }

    @Override
    public CompletableFuture<Optional<Refusal>> subscribe(List<String> filters) {
        int[] qos = new int[filters.size()];
        Arrays.fill(qos, 1);
        return call(listener -> client.subscribe(filters.toArray(String[]::new), qos, null, listener), suback -> {
            int[] granted = suback.getGrantedQos();
            for (int i = 0; i < granted.length; i++) {
                if (granted[i] == SUBSCRIBE_FAILED) {
                    return Optional.of(new Refusal(i, "SUBACK 0x80 failure"));
                }
            }
            return Optional.empty();
        });
    }

    @Override
    public CompletableFuture<Integer> publish(String topic, MqttMessage message) {
        // Paho's form that makes a message of its own per call, as a publish refused for a full window is tried again.
        return call(listener -> client.publish(topic, message.getPayload(), message.getQos(), message.isRetained(),
                null, listener), puback -> 0);
    }

    @Override
    public boolean isWindowFull(Throwable publishFailure) {
        return publishFailure instanceof MqttException e && e.getReasonCode() == MqttException.REASON_CODE_MAX_INFLIGHT;
    }

    @Override
    public int inFlightWindow() {
        return maxInflight;
    }

    @Override
    public boolean isConnected() {
        MqttAsyncClient c = client;
        return c != null && c.isConnected();
    }

    @Override
    public CompletableFuture<Void> disconnect(long quiesceMs) {
        return call(listener -> client.disconnect(quiesceMs, null, listener), token -> null);
    }

    @Override
    public void release() throws MqttException {
        MqttAsyncClient c = client;
        if (c != null) { // null: Paho refused the URI or client id
            try {
                c.disconnectForcibly(0, 0, false);
            } finally {
                c.close(true);
            }
        }
    }

    @Override
    public MqttReasons.Diagnosis diagnose(Throwable failedAttempt) {
        return MqttReasons.diagnose(failedAttempt, false);
    }

    private static <T> CompletableFuture<T> call(PahoCall.Start<Mqtt3Listener<T>> start,
            Function<IMqttToken, T> result) {
        return PahoCall.start(new Mqtt3Listener<>(result), start);
    }

    /** Paho's listener and the call's future: {@link PahoCall} implements the listener's methods. */
    private static final class Mqtt3Listener<T> extends PahoCall<IMqttToken, T> implements IMqttActionListener {
        Mqtt3Listener(Function<IMqttToken, T> result) {
            super(result);
        }
    }

    /** Paho's callback, handed on; completions are reported through each call's own listener. */
    private static final class Callback implements MqttCallback {
        private final Events<MqttMessage> events;

        Callback(Events<MqttMessage> events) {
            this.events = events;
        }

        @Override
        public void connectionLost(Throwable cause) {
            events.connectionLost(MqttReasons.diagnose(cause, true));
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            events.messageArrived(topic, message);
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
            // reported through the publish's own listener
        }
    }

    @Override
    public String toString() {
        return "Mqtt3Client[" + description + "]";
    }
}
