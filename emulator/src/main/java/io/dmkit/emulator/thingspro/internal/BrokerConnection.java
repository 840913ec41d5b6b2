package io.dmkit.emulator.thingspro.internal;

import io.dmkit.emulator.thingspro.ServiceConnectException;
import io.dmkit.emulator.thingspro.ServiceOptions;
import io.dmkit.transport.mqtt.ConnectSettings;
import io.dmkit.transport.mqtt.Mqtt3Client;
import io.dmkit.transport.mqtt.MqttConnection;
import io.dmkit.transport.mqtt.MqttReasons;
import io.dmkit.wire.text.Printable;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's one MQTT connection: a clean session that subscribes to every device's topics, and
 * reconnects and resubscribes by itself when the connection is lost (with a clean session the broker
 * forgets subscriptions, so they are made again on every connect).
 *
 * <p>The MQTT work is the shared {@link MqttConnection}'s: a fresh Paho client per connection (reusing
 * one that just lost its connection can hang Paho 1.2.5), the subscription grants checked, callbacks of
 * released clients ignored. It deliberately leaves reconnecting to its user; this class adds it, with a
 * doubling delay, and bounds each attempt by the connect timeout.
 *
 * <p>Reconnect attempts start on a thread of this class, never on a Paho thread: starting one may
 * release a client, which joins that client's threads. The same thread sends Paho's keep-alive pings
 * and the clean disconnect, so no attempt waits on it: attempts end through callbacks or a deadline.
 */
public final class BrokerConnection implements Publisher, AutoCloseable {

    /** What a message handler must be: quick and never throwing (it runs on Paho's callback thread). */
    public interface MessageHandler {
        void onMessage(String topic, byte[] payload, boolean retained);
    }

    private static final Logger LOG = LoggerFactory.getLogger(BrokerConnection.class);

    /** How long close() waits for the clean DISCONNECT, then for this class's thread. */
    private static final long STOP_TIMEOUT_MS = 5000;

    private final ServiceOptions options;
    private final List<String> filters;
    private final ScheduledThreadPoolExecutor scheduler;
    private final MqttConnection<MqttMessage> connection;
    private final Object lock = new Object();
    private volatile MessageHandler handler;
    private long nextDelayMs; // guarded by lock
    private ScheduledFuture<?> pendingReconnect; // guarded by lock
    private boolean closed; // guarded by lock

    public BrokerConnection(ServiceOptions options, List<String> filters) {
        this.options = options;
        this.filters = List.copyOf(filters);
        this.scheduler = new ScheduledThreadPoolExecutor(1,
                new NamedThreadFactory("dmkit-service-" + options.clientId() + "-mqtt"));
        // Once closing, a pending reconnect or attempt deadline is dropped, not waited for.
        scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        scheduler.setRemoveOnCancelPolicy(true);
        ConnectSettings settings = BrokerSettings.of(options, this.filters);
        this.connection = new MqttConnection<>("service " + options.clientId(), () -> settings, scheduler,
                Mqtt3Client::new, new Events());
        this.nextDelayMs = options.reconnectMinDelay().toMillis();
    }

    /**
     * Connects and subscribes, waiting at most the connect timeout, and hands every message received
     * from then on to {@code handler}. On failure everything this object started is released; it
     * must not be used again.
     *
     * @throws IllegalArgumentException if the broker URI is not one Paho accepts
     */
    public void connect(MessageHandler handler) throws ServiceConnectException {
        this.handler = handler;
        try {
            awaitFirst(startAttempt());
        } catch (ServiceConnectException | RuntimeException e) {
            close();
            throw e;
        }
        LOG.info("Service " + options.clientId() + " connected to " + options.brokerUri()
                + " and subscribed to " + filters);
    }

    public boolean isConnected() {
        return connection.isConnected();
    }

    @Override
    public boolean publish(String topic, byte[] payload) {
        // The PUBACK needs no action (replies and patches are fire-and-forget, spec §4, §5): only a
        // publish refused at once (not connected) is a failure; a full in-flight window is waited out.
        Throwable refused = connection.publish(topic, Mqtt3Client.message(payload, 1, false)).handle((v, e) -> e)
                .getNow(null);
        if (refused != null) {
            LOG.warn("Could not publish to " + Printable.quote(topic) + ": " + refused.getMessage());
            return false;
        }
        return true;
    }

    /** Stops reconnecting, disconnects cleanly and ends Paho's threads and this class's own. Idempotent. */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            if (pendingReconnect != null) {
                pendingReconnect.cancel(false);
            }
        }
        boolean wasConnected = connection.isConnected();
        try {
            // Also abandons an attempt in progress. It runs on the scheduler, so before that stops, and
            // completes once the client's threads have ended.
            connection.disconnect().get(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            LOG.warn("Service " + options.clientId() + " could not disconnect cleanly in time");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        connection.close(); // nothing left after a clean disconnect; forces one that did not finish
        stopScheduler();
        if (wasConnected) {
            LOG.info("Service " + options.clientId() + " disconnected from " + options.brokerUri());
        }
    }

    private void stopScheduler() {
        scheduler.shutdown();
        try {
            if (!scheduler.awaitTermination(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                LOG.warn("The MQTT thread of service " + options.clientId() + " did not stop in time");
                scheduler.shutdownNow();
            }
        } catch (InterruptedException e) {
            scheduler.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Starts one attempt to connect and subscribe; its future fails if that is not done within the
     * connect timeout. Null once closed.
     */
    private CompletableFuture<Void> startAttempt() {
        CompletableFuture<Void> outcome = new CompletableFuture<>();
        synchronized (lock) {
            // Checked and started under the lock, so close() cannot slip in between and leave a client
            // behind. Starting does not block: before an attempt no client is current (MqttConnection drops
            // a lost or failed one itself, giveUp() closes a timed-out one), so there is none to release.
            if (closed) {
                return null;
            }
            ScheduledFuture<?> deadline = scheduler.schedule(() -> giveUp(outcome),
                    options.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
            connection.connect().whenComplete((v, e) -> {
                deadline.cancel(false);
                if (e == null) {
                    outcome.complete(null);
                } else {
                    outcome.completeExceptionally(e);
                }
            });
        }
        return outcome;
    }

    private void giveUp(CompletableFuture<Void> outcome) {
        // Fail the attempt before closing its connection: should it succeed at this very moment, it
        // must not count as connected.
        if (outcome.completeExceptionally(new TimeoutException("not connected and subscribed within "
                + options.connectTimeout().toMillis() + " ms"))) {
            connection.close();
        }
    }

    private void awaitFirst(CompletableFuture<Void> attempt) throws ServiceConnectException {
        try {
            attempt.get(); // bounded by the attempt's deadline
        } catch (ExecutionException e) {
            Throwable failure = e.getCause();
            if (failure.getCause() instanceof IllegalArgumentException badUri) {
                throw new IllegalArgumentException("cannot create an MQTT client for " + options.brokerUri() + ": "
                        + badUri.getMessage(), badUri);
            }
            throw new ServiceConnectException("cannot connect to " + options.brokerUri() + " as "
                    + options.clientId() + ": " + failure.getMessage(), failure);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceConnectException("interrupted while connecting to " + options.brokerUri(), e);
        }
    }

    private void scheduleReconnect() {
        synchronized (lock) {
            if (closed || pendingReconnect != null) {
                return;
            }
            long delay = nextDelayMs;
            nextDelayMs = Math.min(nextDelayMs * 2, options.reconnectMaxDelay().toMillis());
            pendingReconnect = scheduler.schedule(this::reconnect, delay, TimeUnit.MILLISECONDS);
        }
    }

    private void reconnect() {
        synchronized (lock) {
            pendingReconnect = null;
        }
        CompletableFuture<Void> attempt = startAttempt();
        if (attempt != null) {
            attempt.whenComplete((v, failure) -> reconnected(failure));
        }
    }

    /** Called on whichever thread ended the attempt: it only logs and schedules. */
    private void reconnected(Throwable failure) {
        synchronized (lock) {
            if (closed) {
                return;
            }
            if (failure == null) {
                nextDelayMs = options.reconnectMinDelay().toMillis();
            }
        }
        if (failure == null) {
            LOG.info("Service " + options.clientId() + " reconnected to " + options.brokerUri()
                    + " and subscribed again");
        } else {
            LOG.warn("Reconnect of service " + options.clientId() + " failed: " + failure.getMessage()
                    + "; trying again");
            scheduleReconnect();
        }
    }

    private boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    /** What the shared connection reports, on Paho's callback thread. */
    private final class Events implements MqttConnection.Handler<MqttMessage> {

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            MessageHandler h = handler;
            if (h != null) {
                h.onMessage(topic, message.getPayload(), message.isRetained());
            }
        }

        @Override
        public void connectionLost(MqttReasons.Diagnosis diagnosis) {
            if (isClosed()) {
                return;
            }
            LOG.warn("Service " + options.clientId() + " lost its connection to "
                    + options.brokerUri() + " (" + diagnosis.detail() + "); reconnecting");
            scheduleReconnect();
        }
    }
}
