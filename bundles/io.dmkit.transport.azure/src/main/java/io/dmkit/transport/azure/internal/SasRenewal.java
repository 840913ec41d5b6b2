package io.dmkit.transport.azure.internal;

import io.dmkit.api.ConnectionReason;
import io.dmkit.api.spi.TransportException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The renewal of an Azure session's SAS token, invisible to the core ({@link AzureTransport} says why it
 * is done here). At 85 % of the token's life: new messages are held ({@link OperationGate}); twin requests,
 * commands and their replies finish on the old connection, bounded by the command timeout; then the
 * connection is swapped, break before make (IoT Hub allows one connection per device), held work goes out
 * on the new one, and the twin is fetched once more, because IoT Hub does not queue desired patches for a
 * device that is not connected: the change made meanwhile is handed on as one patch ({@link DesiredMirror}),
 * before the patches that arrived after the swap. If the new connection or the twin cannot be had, the
 * connection counts as lost and the core reconnects as usual.
 *
 * <p>It also holds the token of the current connection ({@link #issueToken()}). Thread-safe; the wire
 * protocol stays the transport's, reached through {@link Link}.
 */
final class SasRenewal {

    private static final Logger LOG = LoggerFactory.getLogger(SasRenewal.class);
    /** How long the drain may take beyond the command timeout, for replies in progress. */
    private static final Duration DRAIN_MARGIN = Duration.ofSeconds(2);
    /** How often the twin is fetched after a swap before giving up and reconnecting. */
    static final int RESYNC_ATTEMPTS = 5;
    /** The first pause between fetches of the twin; it doubles. */
    static final Duration RESYNC_PAUSE = Duration.ofMillis(200);

    /** What a renewal does with the transport's connection and tells the core. */
    interface Link {
        /** Closes the connection cleanly. */
        CompletableFuture<Void> disconnect();

        /** Opens a new connection, whose token comes from {@link #issueToken()}. */
        CompletableFuture<Void> connect();

        /** Fetches the twin on the connection: its JSON, or fails saying why not. */
        CompletableFuture<String> fetchTwin();

        /** Requests in flight would never be answered on the new connection: they fail (the core retries them). */
        void failRequests(String why);

        /** Hands a desired patch to the core. */
        void desiredPatch(String json, long version);

        /** The renewal failed: the connection is to be forgotten (and closed) and the core told it was lost. */
        void lost(ConnectionReason reason, String detail);
    }

    /** One renewal in progress. */
    private static final class Renewal {
        final Instant expiry;
        boolean swapping;
        /** Desired patches that arrived on the new connection before the twin was fetched again. */
        List<DesiredMirror.Patch> heldPatches;

        Renewal(Instant expiry) {
            this.expiry = expiry;
        }
    }

    private final String session;
    private final AzureSettings settings;
    private final OperationGate gate;
    private final DesiredMirror desired;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final Link link;
    /** Orders desired patches handed to the core: the resync patch before those that came after it. */
    private final Object desiredDelivery = new Object();

    // Guarded by this.
    private IssuedToken token;
    private boolean running;
    private ScheduledFuture<?> timer;
    private Renewal renewal;

    SasRenewal(String session, AzureSettings settings, OperationGate gate, DesiredMirror desired,
            ScheduledExecutorService scheduler, Clock clock, Link link) {
        this.session = session;
        this.settings = settings;
        this.gate = gate;
        this.desired = desired;
        this.scheduler = scheduler;
        this.clock = clock;
        this.link = link;
    }

    /** A fresh token for the connection about to be made (empty for X.509); it becomes the current one. */
    synchronized Optional<IssuedToken> issueToken() {
        token = settings.credential.token(clock.instant()).orElse(null);
        return Optional.ofNullable(token);
    }

    /** The token of the current connection, or null (X.509). */
    synchronized IssuedToken token() {
        return token;
    }

    /** The connection is established: renew its token when due, if it can be renewed. */
    synchronized void start() {
        running = true;
        cancel();
        schedule();
    }

    /** The connection is gone or about to be replaced by the core: no renewal, none in progress. */
    synchronized void stop() {
        running = false;
        cancel();
    }

    /**
     * A desired patch arrived: handed to the core, unless it came after a swap and before the twin was
     * fetched again, in which case it waits for that twin.
     */
    void desiredArrived(String json, long version) {
        synchronized (desiredDelivery) {
            synchronized (this) {
                if (renewal != null && renewal.heldPatches != null) {
                    renewal.heldPatches.add(new DesiredMirror.Patch(json, version));
                    return;
                }
            }
            deliver(json, version);
        }
    }

    /** Under {@link #desiredDelivery}. */
    private void deliver(String json, long version) {
        desired.apply(json, version);
        link.desiredPatch(json, version);
    }

    /** Under the lock: renew at 85 % of the token's life. */
    private void schedule() {
        if (token == null || !settings.credential.renewable()) {
            return;
        }
        Duration life = Duration.between(token.issuedAt(), token.expiry());
        Instant due = token.issuedAt().plus(life.multipliedBy(85).dividedBy(100));
        long delay = Math.max(0, Duration.between(clock.instant(), due).toMillis());
        timer = scheduler.schedule(this::renew, delay, TimeUnit.MILLISECONDS);
    }

    /** Under the lock. */
    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        renewal = null;
    }

    /** The token is due: hold new messages and wait (bounded) for what is in flight, then swap. */
    private void renew() {
        Renewal r;
        synchronized (this) {
            if (!running || renewal != null || token == null) {
                return;
            }
            r = new Renewal(token.expiry());
            renewal = r;
            timer = null;
        }
        Duration bound = settings.commandTimeout.plus(DRAIN_MARGIN);
        Duration half = Duration.between(clock.instant(), r.expiry).dividedBy(2);
        if (half.compareTo(bound) < 0) {
            bound = half.isNegative() ? Duration.ZERO : half;
        }
        LOG.info("{}: renewing the SAS token (expires {}): holding new messages, finishing what is in "
                + "flight (at most {} ms), then reconnecting", session, r.expiry, bound.toMillis());
        CompletableFuture<Void> drained = gate.drain();
        ScheduledFuture<?> deadline = scheduler.schedule(() -> swap(r, true), bound.toMillis(), TimeUnit.MILLISECONDS);
        drained.thenRun(() -> {
            deadline.cancel(false);
            // Not on the thread that completed the last operation (a Paho thread): disconnecting joins Paho's threads.
            scheduler.execute(() -> swap(r, false));
        });
    }

    private void swap(Renewal r, boolean deadlinePassed) {
        synchronized (this) {
            if (renewal != r || r.swapping) {
                return;
            }
            r.swapping = true;
        }
        if (deadlinePassed) {
            int left = gate.forceSwap();
            LOG.warn("{}: renewing the SAS token with {} operation(s) still in flight: replies to "
                    + "commands that arrived before now are dropped (IoT Hub answers their callers when the "
                    + "connection closes) and unacknowledged messages are sent again", session, left);
        }
        link.failRequests("reconnecting to renew the SAS token");
        link.disconnect()
                .thenCompose(v -> {
                    // Under the lock, so that a stop() (the core's disconnect or close) either comes first and the
                    // renewal ends here, or comes after and the core's disconnect closes the new connection.
                    synchronized (this) {
                        if (renewal != r) {
                            return CompletableFuture.<Void>failedFuture(TransportException.notConnected("renewal "
                                    + "abandoned"));
                        }
                        return link.connect();
                    }
                })
                .whenComplete((v, error) -> swapped(r, error));
    }

    /** Runs on the thread that completed the new connection (Paho's), before any message it delivers. */
    private void swapped(Renewal r, Throwable error) {
        if (error != null) {
            synchronized (this) {
                if (renewal != r) {
                    return; // stopped meanwhile: nothing to report
                }
                stop();
            }
            TransportException failure = AzureReasons.connectFailed(error, settings);
            LOG.warn("{}: reconnecting with a new SAS token failed ({}: {})", session, failure.reason(),
                    failure.getMessage());
            link.lost(failure.reason(), "reconnecting with a new SAS token failed: " + failure.getMessage());
            return;
        }
        Instant expiry;
        boolean resync;
        synchronized (this) {
            if (renewal != r) {
                return;
            }
            schedule();
            expiry = token.expiry();
            resync = desired.isKnown();
            if (resync) {
                r.heldPatches = new ArrayList<>();
            } else {
                renewal = null;
            }
        }
        List<Runnable> held = gate.open();
        LOG.info("{}: SAS token renewed (the new one expires {}); {} held operation(s) go out now", session, expiry,
                held.size());
        held.forEach(Runnable::run);
        if (resync) {
            scheduler.execute(() -> resync(r, 0));
        }
    }

    /** Fetches the twin once more and hands the core what changed in desired while reconnecting. */
    private void resync(Renewal r, int attempt) {
        synchronized (this) {
            if (renewal != r) {
                return;
            }
        }
        link.fetchTwin().whenComplete((twin, error) -> {
            if (error == null) {
                resynced(r, twin);
                return;
            }
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause()
                    : error;
            String why = String.valueOf(cause.getMessage());
            if (attempt + 1 < RESYNC_ATTEMPTS) {
                long pause = RESYNC_PAUSE.toMillis() << attempt;
                LOG.info("{}: fetching the twin after the SAS renewal failed ({}); again in {} ms", session, why,
                        pause);
                scheduler.schedule(() -> resync(r, attempt + 1), pause, TimeUnit.MILLISECONDS);
                return;
            }
            giveUp(r, why);
        });
    }

    private void resynced(Renewal r, String twin) {
        synchronized (desiredDelivery) {
            List<DesiredMirror.Patch> later;
            synchronized (this) {
                if (renewal != r) {
                    return;
                }
                later = r.heldPatches;
                renewal = null;
            }
            desired.adopt(twin).ifPresent(patch -> {
                LOG.info("{}: desired properties changed while reconnecting (now version {}); handing "
                        + "on the change", session, patch.version());
                link.desiredPatch(patch.json(), patch.version());
            });
            for (DesiredMirror.Patch p : later) {
                deliver(p.json(), p.version());
            }
        }
    }

    /** Without the twin the core might miss desired changes: let it reconnect, which fetches the twin. */
    private void giveUp(Renewal r, String why) {
        synchronized (this) {
            if (renewal != r) {
                return;
            }
            stop();
        }
        String detail = "could not fetch the twin after renewing the SAS token (" + why + "); reconnecting so that no "
                + "desired change is missed";
        LOG.warn("{}: {}", session, detail);
        link.lost(ConnectionReason.COMMUNICATION_ERROR, detail);
    }

    @Override
    public String toString() {
        return "SasRenewal[" + session + "]";
    }
}
