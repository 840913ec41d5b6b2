package io.dmkit.transport.mqtt;

import io.dmkit.api.spi.TransportException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
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
 * One transport's MQTT connection through Paho, one connection at a time: connect (then
 * subscribe), publish, disconnect, close. Each connect uses a fresh Paho client and closes the
 * previous one, so nothing from an old connection (its threads, its callbacks) outlives it;
 * callbacks from a client that is no longer current are ignored.
 *
 * <p>Reconnecting is not done here: Paho's automatic reconnect stays off and the core's
 * supervisor decides when to connect again. Keep-alive pings run on the core's shared scheduler,
 * so a connection holds only Paho's three I/O threads.
 */
public final class PahoConnection {

    private static final System.Logger LOG = System.getLogger(PahoConnection.class.getName());
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
    /** How long a publish waits for a free slot in Paho's in-flight window before it fails. */
    private static final long FULL_WINDOW_WAIT_MS = 30_000;
    private static final long FULL_WINDOW_RETRY_MS = 5;

    private final ScheduledExecutorService scheduler;
    private final Handler handler;
    private final CurrentClient<MqttAsyncClient> current;

    /**
     * @param description names the connection in log lines (for example the session name)
     * @param settings read before every connect, so credentials that change (renewed tokens) apply
     * @param scheduler the core's shared scheduler, for keep-alive pings
     */
    public PahoConnection(String description, Supplier<ConnectSettings> settings, ScheduledExecutorService scheduler,
            Handler handler) {
        this.description = description;
        this.settings = settings;
        this.scheduler = scheduler;
        this.handler = handler;
        this.current = new CurrentClient<>(description, c -> release(description, c));
    }

    /**
     * Connects and subscribes; completes when every subscription is granted. Fails with a
     * {@link TransportException} carrying the diagnosed reason.
     */
    public CompletableFuture<Void> connect() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        ConnectSettings s = settings.get();
        MqttAsyncClient c;
        try {
            c = new MqttAsyncClient(s.serverUri(), s.clientId(), new MemoryPersistence(),
                    new ScheduledExecutorPingSender(scheduler), null);
        } catch (MqttException | IllegalArgumentException e) {
            done.completeExceptionally(failure(e));
            return done;
        }
        c.setCallback(new Callback(c));
        current.replace(c);
        try {
            c.connect(s.toOptions(), null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    s.connected();
                    subscribe(c, s.subscriptions(), done);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable error) {
                    attemptFailed(c, done, error);
                }
            });
        } catch (MqttException e) {
            attemptFailed(c, done, e);
        }
        return done;
    }

    private void subscribe(MqttAsyncClient c, List<String> filters, CompletableFuture<Void> done) {
        if (filters.isEmpty()) {
            established(c, done);
            return;
        }
        int[] qos = new int[filters.size()];
        Arrays.fill(qos, 1);
        try {
            c.subscribe(filters.toArray(String[]::new), qos, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    int[] granted = token.getGrantedQos();
                    for (int i = 0; i < granted.length; i++) {
                        if (granted[i] == 0x80) {
                            current.abandon(c);
                            done.completeExceptionally(TransportException.connectFailed(
                                    io.dmkit.api.ConnectionReason.BAD_CREDENTIAL, "the service refused the subscription to "
                                            + filters.get(Math.min(i, filters.size() - 1))
                                            + "; check the broker's access rules for this device", null));
                            return;
                        }
                    }
                    established(c, done);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable error) {
                    attemptFailed(c, done, error);
                }
            });
        } catch (MqttException e) {
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
     * Publishes one message; completes on PUBACK (QoS 1) or once written (QoS 0). Fails with a
     * {@link TransportException} (status 503) when not connected or when the connection drops first.
     * While Paho's in-flight window is full the publish waits for a free slot (up to
     * {@link #FULL_WINDOW_WAIT_MS}) instead of failing: command replies, telemetry and twin requests
     * share that window, and a burst of commands must not lose its replies.
     */
    public CompletableFuture<Void> publish(String topic, byte[] payload, int qos, boolean retained) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        attemptPublish(topic, payload, qos, retained, done, System.nanoTime() + FULL_WINDOW_WAIT_MS * 1_000_000L);
        return done;
    }

    private void attemptPublish(String topic, byte[] payload, int qos, boolean retained, CompletableFuture<Void> done,
            long deadline) {
        MqttAsyncClient c = current.connected();
        if (c == null) {
            done.completeExceptionally(TransportException.notConnected(description + " is not connected"));
            return;
        }
        try {
            c.publish(topic, payload, qos, retained, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    done.complete(null);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable error) {
                    done.completeExceptionally(publishFailed(topic, error));
                }
            });
        } catch (MqttException e) {
            if (e.getReasonCode() == MqttException.REASON_CODE_MAX_INFLIGHT && System.nanoTime() < deadline) {
                try {
                    scheduler.schedule(() -> attemptPublish(topic, payload, qos, retained, done, deadline),
                            FULL_WINDOW_RETRY_MS, TimeUnit.MILLISECONDS);
                    return;
                } catch (RejectedExecutionException shuttingDown) {
                    // dmkit is closing: fail as below
                }
            }
            done.completeExceptionally(publishFailed(topic, e));
        }
    }

    /** Whether a connection is established. */
    public boolean isConnected() {
        MqttAsyncClient c = current.connected();
        return c != null && c.isConnected();
    }

    /**
     * Disconnects cleanly (waiting briefly for in-flight work), then releases the client. An
     * attempt in progress is abandoned. Always completes normally.
     */
    public CompletableFuture<Void> disconnect() {
        MqttAsyncClient c = current.take();
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (c == null) {
            done.complete(null);
            return done;
        }
        // Callers often chain this onto a publish acknowledgement, which Paho completes on its
        // callback thread; Paho refuses a disconnect there and the broker would then send the
        // will. The call itself does not block (Paho disconnects on a thread of its own).
        scheduler.execute(() -> disconnectCleanly(c, done));
        return done;
    }

    private void disconnectCleanly(MqttAsyncClient c, CompletableFuture<Void> done) {
        try {
            if (!c.isConnected()) {
                current.releaseLater(c, done);
                return;
            }
            c.disconnect(QUIESCE_MS, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    current.releaseLater(c, done);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable error) {
                    LOG.log(System.Logger.Level.DEBUG, "{0}: clean disconnect failed: {1}", description, error);
                    current.releaseLater(c, done);
                }
            });
        } catch (MqttException e) {
            LOG.log(System.Logger.Level.WARNING, "{0}: could not disconnect cleanly ({1}); the service may see the "
                    + "connection as lost", description, e.getMessage());
            current.releaseLater(c, done);
        }
    }

    /** Drops the connection at once and releases every thread and socket. Idempotent. */
    public void close() {
        current.release(current.take());
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
        return new TransportException(io.dmkit.api.ConnectionReason.COMMUNICATION_ERROR, 503,
                "publish to " + topic + " failed: " + error.getMessage(), error);
    }

    /** A failed connection attempt, diagnosed. */
    private static TransportException failure(Throwable error) {
        MqttReasons.Diagnosis d = MqttReasons.diagnose(error, false);
        return TransportException.connectFailed(d.reason(), d.detail(), error);
    }

    /** Paho's callback for one client; ignores everything once that client is no longer current. */
    private final class Callback implements MqttCallback {
        private final MqttAsyncClient owner;

        Callback(MqttAsyncClient owner) {
            this.owner = owner;
        }

        @Override
        public void connectionLost(Throwable cause) {
            if (!current.lose(owner)) {
                return;
            }
            MqttReasons.Diagnosis d = MqttReasons.diagnose(cause, true);
            LOG.log(System.Logger.Level.DEBUG, "{0}: connection lost: {1}", description, d.detail());
            current.releaseLater(owner, null);
            handler.connectionLost(d);
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
        public void deliveryComplete(IMqttDeliveryToken token) {
            // Completion is reported through each publish's own listener.
        }
    }

    @Override
    public String toString() {
        return "PahoConnection[" + description + "]";
    }
}
