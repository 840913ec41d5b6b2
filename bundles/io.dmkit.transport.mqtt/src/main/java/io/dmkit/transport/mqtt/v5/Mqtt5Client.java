package io.dmkit.transport.mqtt.v5;

import io.dmkit.transport.mqtt.ConnectSettings;
import io.dmkit.transport.mqtt.MqttConnection;
import io.dmkit.transport.mqtt.MqttReasons;
import io.dmkit.transport.mqtt.PahoCall;
import io.dmkit.transport.mqtt.PahoClient;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.TimerPingSender;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MQTT 5 for {@link MqttConnection}: one Paho {@code mqttv5} client, and what MQTT 5 carries: message
 * properties both ways, the reason codes of acknowledgements, the service's DISCONNECT, and the Receive
 * Maximum of its CONNACK as the in-flight window (Paho refuses a publish beyond it).
 *
 * <p>Sessions start clean and expire with the connection (clean start, session expiry 0): the core
 * re-fetches state on every connect, so nothing depends on the broker remembering it.
 */
public final class Mqtt5Client implements PahoClient<MqttMessage> {

    private static final Logger LOG = LoggerFactory.getLogger(Mqtt5Client.class);
    /** MQTT 5's default when the CONNACK names no Receive Maximum. */
    private static final int DEFAULT_RECEIVE_MAXIMUM = 65_535;

    private final String description;
    private final ScheduledExecutorService scheduler;
    private volatile MqttAsyncClient client;
    private volatile int receiveMaximum = DEFAULT_RECEIVE_MAXIMUM;

    public Mqtt5Client(String description, ScheduledExecutorService scheduler) {
        this.description = description;
        this.scheduler = scheduler;
    }

    @Override
    public CompletableFuture<Void> connect(ConnectSettings settings, Events<MqttMessage> events) {
        return call(listener -> {
            // A null executor gives Paho threads of its own for I/O, which block; only pings go to the scheduler.
            client = new MqttAsyncClient(settings.serverUri(), settings.clientId(), new MemoryPersistence(),
                    new TimerPingSender(scheduler), null);
            client.setCallback(new Callback(events));
            client.connect(Mqtt5Options.of(settings), null, listener);
        }, connack -> {
            MqttProperties properties = connack.getResponseProperties();
            Integer maximum = properties == null ? null : properties.getReceiveMaximum();
            receiveMaximum = maximum == null || maximum <= 0 ? DEFAULT_RECEIVE_MAXIMUM : maximum;
            return null;
        });
    }

    @Override
    public CompletableFuture<Optional<Refusal>> subscribe(List<String> filters) {
        MqttSubscription[] subscriptions = filters.stream().map(f -> new MqttSubscription(f, 1))
                .toArray(MqttSubscription[]::new);
        return call(listener -> client.subscribe(subscriptions, null, listener, new MqttProperties()), suback -> {
            int[] codes = suback.getReasonCodes();
            for (int i = 0; codes != null && i < codes.length; i++) {
                if (codes[i] >= 0x80) {
                    return Optional.of(new Refusal(i, Mqtt5Reasons.describe(codes[i])));
                }
            }
            return Optional.empty();
        });
    }

    @Override
    public CompletableFuture<Integer> publish(String topic, MqttMessage message) {
        return call(listener -> client.publish(topic, message, null, listener), puback -> {
            int[] codes = puback.getReasonCodes();
            return codes == null || codes.length == 0 ? 0 : codes[0];
        });
    }

    @Override
    public boolean isWindowFull(Throwable publishFailure) {
        return publishFailure instanceof MqttException e
                && e.getReasonCode() == MqttClientException.REASON_CODE_MAX_INFLIGHT;
    }

    @Override
    public int inFlightWindow() {
        return receiveMaximum;
    }

    @Override
    public boolean isConnected() {
        MqttAsyncClient c = client;
        return c != null && c.isConnected();
    }

    @Override
    public CompletableFuture<Void> disconnect(long quiesceMs) {
        return call(listener -> client.disconnect(quiesceMs, null, listener, 0, new MqttProperties()), token -> null);
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
        return Mqtt5Reasons.diagnose(failedAttempt, false);
    }

    private static <T> CompletableFuture<T> call(PahoCall.Start<Mqtt5Listener<T>> start,
            Function<IMqttToken, T> result) {
        return PahoCall.start(new Mqtt5Listener<>(result), start);
    }

    /** Paho's listener and the call's future: {@link PahoCall} implements the listener's methods. */
    private static final class Mqtt5Listener<T> extends PahoCall<IMqttToken, T> implements MqttActionListener {
        Mqtt5Listener(Function<IMqttToken, T> result) {
            super(result);
        }
    }

    /** Paho's callback, handed on; completions are reported through each call's own listener. */
    private final class Callback implements MqttCallback {
        private final Events<MqttMessage> events;

        Callback(Events<MqttMessage> events) {
            this.events = events;
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            events.connectionLost(response.getException() != null
                    ? Mqtt5Reasons.diagnose(response.getException(), true)
                    : Mqtt5Reasons.serverDisconnect(response.getReturnCode(), response.getReasonString()));
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            LOG.warn("{}: MQTT protocol error: {}", description, exception.getMessage());
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            events.messageArrived(topic, message);
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
            // reported through the publish's own listener
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            // reported through the connect listener
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
            // no enhanced authentication is used
        }
    }

    @Override
    public String toString() {
        return "Mqtt5Client[" + description + "]";
    }
}
