package io.dmkit.transport.mqtt;

import io.dmkit.api.ConnectionReason;
import io.dmkit.api.spi.TransportException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One transport's MQTT connection, one connection at a time, for either MQTT version: connect (then
 * subscribe), publish, disconnect, close. What differs between MQTT 3.1.1 and MQTT 5 is the
 * {@link PahoClient}'s (the version's adapter, made by the given factory); this class is the life of
 * a connection.
 *
 * <p>Each connect uses a fresh Paho client and releases the previous one, so nothing from an old
 * connection (its threads, its callbacks) outlives it; callbacks from a client that is no longer current
 * are ignored ({@link CurrentClient}). Reconnecting is not done here: Paho's automatic reconnect stays
 * off and the core's supervisor decides when to connect again. Keep-alive pings run on the core's shared
 * scheduler, so a connection holds only Paho's I/O threads.
 *
 * @param <M> the MQTT version's message type
 */
public final class MqttConnection<M> {

    private static final Logger LOG = LoggerFactory.getLogger(MqttConnection.class);
    /** How long a clean disconnect may wait for in-flight work and the DISCONNECT packet. */
    private static final long QUIESCE_MS = 1000;
    /** How long a publish waits for a free slot in the in-flight window before it fails. */
    private static final long FULL_WINDOW_WAIT_MS = 30_000;
    private static final long FULL_WINDOW_RETRY_MS = 5;

    /** What arrives on the connection. Called on Paho's callback thread: must not block. */
    public interface Handler<M> {
        void messageArrived(String topic, M message);

        /** The established connection was lost (not called for failed connects or on disconnect). */
        void connectionLost(MqttReasons.Diagnosis diagnosis);
    }

    private final String description;
    private final Supplier<ConnectSettings> settings;
    private final ScheduledExecutorService scheduler;
    private final PahoClient.Factory<M> clients;
    private final Handler<M> handler;
    private final CurrentClient<PahoClient<M>> current;
    private volatile int inFlightWindow;

    /**
     * @param description names the connection in log lines (for example the session name)
     * @param settings read before every connect, so credentials that change (renewed tokens) apply
     * @param scheduler the core's shared scheduler, for keep-alive pings and the clean disconnect
     * @param clients the MQTT version: {@code Mqtt3Client::new} or {@code Mqtt5Client::new}
     */
    public MqttConnection(String description, Supplier<ConnectSettings> settings, ScheduledExecutorService scheduler,
            PahoClient.Factory<M> clients, Handler<M> handler) {
        this.description = description;
        this.settings = settings;
        this.scheduler = scheduler;
        this.clients = clients;
        this.handler = handler;
        this.current = new CurrentClient<>(description, this::release);
    }

    /**
     * Connects and subscribes (QoS 1, one SUBSCRIBE, in the settings' order); completes when every
     * subscription is granted. Fails with a {@link TransportException} carrying the diagnosed reason.
     */
    public CompletableFuture<Void> connect() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        ConnectSettings s = settings.get();
        PahoClient<M> c = clients.create(description, scheduler);
        current.replace(c);
        c.connect(s, new Events(c)).whenComplete((v, error) -> {
            if (error != null) {
                attemptFailed(c, done, error);
                return;
            }
            s.connected();
            subscribe(c, s.subscriptions(), done);
        });
        return done;
    }

    private void subscribe(PahoClient<M> c, List<String> filters, CompletableFuture<Void> done) {
        if (filters.isEmpty()) {
            established(c, done);
            return;
        }
        c.subscribe(filters).whenComplete((refusal, error) -> {
            if (error != null) {
                attemptFailed(c, done, error);
            } else if (refusal.isPresent()) {
                current.abandon(c);
                done.completeExceptionally(refused(filters, refusal.get()));
            } else {
                established(c, done);
            }
        });
    }

    private static TransportException refused(List<String> filters, PahoClient.Refusal refusal) {
        String filter = filters.get(Math.min(refusal.filter(), filters.size() - 1));
        return TransportException.connectFailed(ConnectionReason.BAD_CREDENTIAL, "the service refused the "
                + "subscription to " + filter + " (" + refusal.reason() + "); check the access rules (policy) for "
                + "this device", null);
    }

    private void established(PahoClient<M> c, CompletableFuture<Void> done) {
        if (!current.markConnected(c)) {
            done.completeExceptionally(TransportException.notConnected("connection attempt superseded"));
            return;
        }
        inFlightWindow = c.inFlightWindow();
        done.complete(null);
    }

    /**
     * Publishes one message (its QoS, retained flag and, in MQTT 5, properties as set on it). Completes on
     * PUBACK (QoS 1) with its reason code, which in MQTT 5 may refuse the message (see
     * {@code Mqtt5Reasons.publishStatus}), or with 0 once written (QoS 0) or acknowledged (MQTT 3.1.1).
     * Fails with a {@link TransportException} (status 503) when not connected or when the connection drops
     * first. While the in-flight window is full the publish waits for a free slot (up to
     * {@value #FULL_WINDOW_WAIT_MS} ms) instead of failing: command replies, telemetry and twin requests share
     * that window, and a burst of commands must not lose its replies.
     */
    public CompletableFuture<Integer> publish(String topic, M message) {
        CompletableFuture<Integer> done = new CompletableFuture<>();
        attemptPublish(topic, message, done, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(FULL_WINDOW_WAIT_MS));
        return done;
    }

    private void attemptPublish(String topic, M message, CompletableFuture<Integer> done, long deadline) {
        PahoClient<M> c = current.connected();
        if (c == null) {
            done.completeExceptionally(TransportException.notConnected(description + " is not connected"));
            return;
        }
        c.publish(topic, message).whenComplete((code, error) -> {
            if (error == null) {
                done.complete(code);
            } else if (!(c.isWindowFull(error) && System.nanoTime() < deadline
                    && retried(() -> attemptPublish(topic, message, done, deadline)))) {
                done.completeExceptionally(new TransportException(ConnectionReason.COMMUNICATION_ERROR, 503,
                        "publish to " + topic + " failed: " + error.getMessage(), error));
            }
        });
    }

    /** Tries a publish again in a moment; false when dmkit is closing and the scheduler takes no more. */
    private boolean retried(Runnable publish) {
        try {
            scheduler.schedule(publish, FULL_WINDOW_RETRY_MS, TimeUnit.MILLISECONDS);
            return true;
        } catch (RejectedExecutionException shuttingDown) {
            return false;
        }
    }

    /**
     * How many QoS 1 publishes may be unacknowledged at once, as of the last established connection:
     * MQTT 3.1.1's configured window, or the Receive Maximum an MQTT 5 server announced. Paho refuses a
     * publish beyond it ({@link #publish} then waits); callers that must order their publishes keep below
     * it. 0 before the first connection.
     */
    public int inFlightWindow() {
        return inFlightWindow;
    }

    /** Whether a connection is established. */
    public boolean isConnected() {
        PahoClient<M> c = current.connected();
        return c != null && c.isConnected();
    }

    /**
     * Disconnects cleanly (waiting briefly for in-flight work), then releases the client. An attempt in
     * progress is abandoned. Always completes normally.
     */
    public CompletableFuture<Void> disconnect() {
        PahoClient<M> c = current.take();
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

    private void disconnectCleanly(PahoClient<M> c, CompletableFuture<Void> done) {
        if (!c.isConnected()) {
            current.releaseLater(c, done);
            return;
        }
        c.disconnect(QUIESCE_MS).whenComplete((v, error) -> {
            if (error != null) {
                LOG.warn("{}: could not disconnect cleanly ({}); the service may see "
                        + "the connection as lost", description, error.getMessage());
            }
            current.releaseLater(c, done);
        });
    }

    /**
     * Drops the connection at once and releases every thread and socket, on a thread of its own: the
     * transport SPI's {@code close()} must not wait. Idempotent.
     */
    public void close() {
        PahoClient<M> c = current.take();
        if (c != null) {
            current.releaseLater(c, null);
        }
    }

    /** Releases a client's socket and threads without sending anything. Blocks until they end. */
    private void release(PahoClient<M> c) {
        try {
            c.release();
        } catch (Exception e) {
            // Paho says there was nothing to stop (never connected, already disconnected); its threads are gone.
            LOG.debug("{}: releasing a Paho client: {}", description, e);
        }
    }

    private void attemptFailed(PahoClient<M> c, CompletableFuture<Void> done, Throwable error) {
        current.abandon(c);
        MqttReasons.Diagnosis d = c.diagnose(error);
        done.completeExceptionally(TransportException.connectFailed(d.reason(), d.detail(), error));
    }

    /** What one client reports; ignored once that client is no longer current. */
    private final class Events implements PahoClient.Events<M> {
        private final PahoClient<M> owner;

        Events(PahoClient<M> owner) {
            this.owner = owner;
        }

        @Override
        public void connectionLost(MqttReasons.Diagnosis diagnosis) {
            if (!current.lose(owner)) {
                return;
            }
            LOG.debug("{}: connection lost: {}", description, diagnosis.detail());
            current.releaseLater(owner, null);
            handler.connectionLost(diagnosis);
        }

        @Override
        public void messageArrived(String topic, M message) {
            if (!current.isCurrent(owner)) {
                return;
            }
            try {
                handler.messageArrived(topic, message);
            } catch (RuntimeException e) {
                // Never let a bad message take Paho's callback thread (and the connection) down.
                LOG.error("{}: failed to process a message on {}", description, topic, e);
            }
        }
    }

    @Override
    public String toString() {
        return "MqttConnection[" + description + "]";
    }
}
