package io.dmkit.transport.mqtt.v5;

import io.dmkit.api.ConnectionReason;
import io.dmkit.api.spi.TransportException;
import io.dmkit.transport.mqtt.ConnectSettings;
import io.dmkit.transport.mqtt.CurrentClient;
import io.dmkit.transport.mqtt.MqttReasons;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.TimerPingSender;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * One transport's MQTT 5 connection through Paho's {@code mqttv5} client, one connection at a time:
 * connect (then subscribe), publish, disconnect, close. It behaves as {@link io.dmkit.transport.mqtt.PahoConnection}
 * does for MQTT 3.1.1 (a fresh client per attempt, {@link CurrentClient} ignoring the callbacks of old
 * ones, no automatic reconnect: the core's supervisor reconnects), and adds what MQTT 5 carries:
 * message properties both ways, and the reason codes of acknowledgements and of the service's DISCONNECT.
 *
 * <p>A connection holds Paho's I/O threads only while connected; keep-alive pings run on the core's
 * shared scheduler. Sessions start clean and expire with the connection (clean start, session expiry
 * 0): the core re-fetches state on every connect, so nothing depends on the broker remembering it.
 */
public final class Mqtt5Connection {

    private static final System.Logger LOG = System.getLogger(Mqtt5Connection.class.getName());
    /** How long a clean disconnect may wait for in-flight work and the DISCONNECT packet. */
    private static final long QUIESCE_MS = 1000;

    /** What arrives on the connection. Called on Paho's callback thread: must not block. */
    public interface Handler {
        void messageArrived(String topic, MqttMessage message);

        /** The established connection was lost (not called for failed connects or on disconnect). */
        void connectionLost(MqttReasons.Diagnosis diagnosis);
    }

    private final String description;
    private final Supplier<ConnectSettings> settings;
    private final ScheduledExecutorService scheduler;
    private final Handler handler;
    private final CurrentClient<MqttAsyncClient> current;
    /** MQTT 5's default when the CONNACK names no Receive Maximum. */
    private static final int DEFAULT_RECEIVE_MAXIMUM = 65_535;
    private volatile int receiveMaximum = DEFAULT_RECEIVE_MAXIMUM;

    /**
     * @param description names the connection in log lines (for example the session name)
     * @param settings read before every connect
     * @param scheduler the core's shared scheduler, for keep-alive pings
     */
    public Mqtt5Connection(String description, Supplier<ConnectSettings> settings, ScheduledExecutorService scheduler,
            Handler handler) {
        this.description = description;
        this.settings = settings;
        this.scheduler = scheduler;
        this.handler = handler;
        this.current = new CurrentClient<>(description, c -> release(description, c));
    }

    /**
     * Connects and subscribes (QoS 1, one SUBSCRIBE, in the settings' order); completes when every
     * subscription is granted. Fails with a {@link TransportException} carrying the diagnosed reason.
     */
    public CompletableFuture<Void> connect() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        ConnectSettings s = settings.get();
        MqttAsyncClient c;
        try {
            // A null executor gives Paho threads of its own for I/O, which block; only pings go to the scheduler.
            c = new MqttAsyncClient(s.serverUri(), s.clientId(), new MemoryPersistence(), new TimerPingSender(scheduler),
                    null);
        } catch (MqttException | IllegalArgumentException e) {
            done.completeExceptionally(failure(e));
            return done;
        }
        c.setCallback(new Callback(c));
        current.replace(c);
        try {
            c.connect(Mqtt5Options.of(s), null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    MqttProperties connack = token.getResponseProperties();
                    Integer maximum = connack == null ? null : connack.getReceiveMaximum();
                    receiveMaximum = maximum == null || maximum <= 0 ? DEFAULT_RECEIVE_MAXIMUM : maximum;
                    s.connected();
                    subscribe(c, s.subscriptions(), done);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable error) {
                    attemptFailed(c, done, error);
                }
            });
        } catch (MqttException | RuntimeException e) {
            attemptFailed(c, done, e);
        }
        return done;
    }

    private void subscribe(MqttAsyncClient c, List<String> filters, CompletableFuture<Void> done) {
        if (filters.isEmpty()) {
            established(c, done);
            return;
        }
        MqttSubscription[] subscriptions = filters.stream().map(f -> new MqttSubscription(f, 1))
                .toArray(MqttSubscription[]::new);
        try {
            c.subscribe(subscriptions, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    int[] codes = token.getReasonCodes();
                    for (int i = 0; codes != null && i < codes.length; i++) {
                        if (codes[i] >= 0x80) {
                            current.abandon(c);
                            done.completeExceptionally(TransportException.connectFailed(ConnectionReason.BAD_CREDENTIAL,
                                    "the service refused the subscription to " + filters.get(Math.min(i, filters.size() - 1))
                                            + " (" + Mqtt5Reasons.describe(codes[i]) + "); check the access rules "
                                            + "(policy) for this device",
                                    null));
                            return;
                        }
                    }
                    established(c, done);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable error) {
                    attemptFailed(c, done, error);
                }
            }, new MqttProperties());
        } catch (MqttException | RuntimeException e) {
            attemptFailed(c, done, e);
        }
    }

    private void established(MqttAsyncClient c, CompletableFuture<Void> done) {
        if (!current.markConnected(c)) {
            done.completeExceptionally(TransportException.notConnected("connection attempt superseded"));
            return;
        }
        done.complete(null);
    }

    /**
     * Publishes one message (its QoS, retained flag and properties as set on it). Completes on PUBACK
     * (QoS 1) with the acknowledgement's reason code, which may refuse the message
     * ({@link Mqtt5Reasons#publishStatus}), or with 0 once written (QoS 0). Fails with a
     * {@link TransportException} (status 503) when not connected or when the connection drops first.
     */
    public CompletableFuture<Integer> publish(String topic, MqttMessage message) {
        CompletableFuture<Integer> done = new CompletableFuture<>();
        MqttAsyncClient c = current.connected();
        if (c == null) {
            done.completeExceptionally(TransportException.notConnected(description + " is not connected"));
            return done;
        }
        try {
            c.publish(topic, message, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    int[] codes = token.getReasonCodes();
                    done.complete(codes == null || codes.length == 0 ? 0 : codes[0]);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable error) {
                    done.completeExceptionally(publishFailed(topic, error));
                }
            });
        } catch (MqttException | RuntimeException e) {
            done.completeExceptionally(publishFailed(topic, e));
        }
        return done;
    }

    /**
     * How many QoS 1 publishes the server accepts unacknowledged (the Receive Maximum of its last
     * CONNACK). Paho refuses a publish beyond it rather than waiting, so callers keep below it.
     */
    public int receiveMaximum() {
        return receiveMaximum;
    }

    /** Whether a connection is established. */
    public boolean isConnected() {
        MqttAsyncClient c = current.connected();
        return c != null && c.isConnected();
    }

    /**
     * Disconnects cleanly (waiting briefly for in-flight work), then releases the client. An attempt
     * in progress is abandoned. Always completes normally.
     */
    public CompletableFuture<Void> disconnect() {
        MqttAsyncClient c = current.take();
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (c == null) {
            done.complete(null);
            return done;
        }
        // As for MQTT 3.1.1: callers chain this onto acknowledgements that Paho completes on its
        // callback thread, where Paho refuses a disconnect; the call itself does not block.
        scheduler.execute(() -> disconnectCleanly(c, done));
        return done;
    }

    private void disconnectCleanly(MqttAsyncClient c, CompletableFuture<Void> done) {
        try {
            if (!c.isConnected()) {
                current.releaseLater(c, done);
                return;
            }
            c.disconnect(QUIESCE_MS, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    current.releaseLater(c, done);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable error) {
                    LOG.log(System.Logger.Level.DEBUG, "{0}: clean disconnect failed: {1}", description, error);
                    current.releaseLater(c, done);
                }
            }, 0, new MqttProperties());
        } catch (MqttException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "{0}: could not disconnect cleanly ({1}); the service may see the "
                    + "connection as lost", description, e.getMessage());
            current.releaseLater(c, done);
        }
    }

    /**
     * Drops the connection at once and releases every thread and socket, on a thread of its own: the
     * transport SPI's {@code close()} must not wait. Idempotent.
     */
    public void close() {
        MqttAsyncClient c = current.take();
        if (c != null) {
            current.releaseLater(c, null);
        }
    }

    /** Releases a client's socket and threads without sending anything. Blocks until they end. */
    private static void release(String description, MqttAsyncClient c) {
        try {
            c.disconnectForcibly(0, 0, false);
        } catch (MqttException | RuntimeException e) {
            // already disconnected or never connected: nothing to stop
        }
        try {
            c.close(true);
        } catch (MqttException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "{0}: closing a Paho client: {1}", description, e);
        }
    }

    private void attemptFailed(MqttAsyncClient c, CompletableFuture<Void> done, Throwable error) {
        current.abandon(c);
        done.completeExceptionally(failure(error));
    }

    private static TransportException publishFailed(String topic, Throwable error) {
        return new TransportException(ConnectionReason.COMMUNICATION_ERROR, 503,
                "publish to " + topic + " failed: " + error.getMessage(), error);
    }

    /** A failed connection attempt, diagnosed. */
    private static TransportException failure(Throwable error) {
        MqttReasons.Diagnosis d = Mqtt5Reasons.diagnose(error, false);
        return TransportException.connectFailed(d.reason(), d.detail(), error);
    }

    /** Paho's callback for one client; ignores everything once that client is no longer current. */
    private final class Callback implements MqttCallback {
        private final MqttAsyncClient owner;

        Callback(MqttAsyncClient owner) {
            this.owner = owner;
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            if (!current.lose(owner)) {
                return;
            }
            MqttReasons.Diagnosis d = response.getException() != null
                    ? Mqtt5Reasons.diagnose(response.getException(), true)
                    : Mqtt5Reasons.serverDisconnect(response.getReturnCode(), response.getReasonString());
            LOG.log(System.Logger.Level.DEBUG, "{0}: connection lost: {1}", description, d.detail());
            current.releaseLater(owner, null);
            handler.connectionLost(d);
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            LOG.log(System.Logger.Level.WARNING, "{0}: MQTT protocol error: {1}", description, exception.getMessage());
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            if (!current.isCurrent(owner)) {
                return;
            }
            try {
                handler.messageArrived(topic, message);
            } catch (RuntimeException e) {
                // Never let a bad message take Paho's callback thread (and the connection) down.
                LOG.log(System.Logger.Level.ERROR, description + ": failed to process a message on " + topic, e);
            }
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
            // Completion is reported through each publish's own listener.
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            // Reported through the connect listener.
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
            // No enhanced authentication is used.
        }
    }

    @Override
    public String toString() {
        return "Mqtt5Connection[" + description + "]";
    }
}
