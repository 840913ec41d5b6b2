package io.dmkit.transport.mqtt;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Hands publishes to a connection no faster than a {@link RateLimiter} allows, and with no more
 * awaiting their acknowledgement than the server accepts ({@link #maxInFlight}, MQTT 5's Receive
 * Maximum), so that a service's limits are kept rather than discovered through refusals and
 * disconnects. Publishes leave in the order they were submitted within a lane, and the
 * {@link Lane#CONTROL} lane (twin requests, command replies) goes ahead of queued
 * {@link Lane#TELEMETRY}: a burst of messages must not hold a command reply back past its deadline,
 * nor take the last in-flight slot it needs. A publish waits only when a limit is reached; it then runs
 * later, on the timer's thread or on the thread that completed an earlier publish.
 *
 * <p>Queued publishes belong to the connection they were meant for: the owner calls {@link #failAll}
 * when that connection ends, so none of them leaves later on another one.
 */
public final class PublishPacer {

    /** Which queue a publish waits in. */
    public enum Lane {
        /** Twin requests and command replies: served first. */
        CONTROL,
        /** Telemetry. */
        TELEMETRY
    }

    /** Runs a task after a delay: the core's scheduler in production, a hand-driven one in tests. */
    @FunctionalInterface
    public interface Timer {
        void schedule(Runnable task, long delayNanos);

        /** A timer on a scheduler. */
        static Timer of(ScheduledExecutorService scheduler) {
            return (task, delayNanos) -> scheduler.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
        }
    }

    private final RateLimiter limiter;
    private final Timer timer;
    private final ArrayDeque<Waiting<?>> control = new ArrayDeque<>();
    private final ArrayDeque<Waiting<?>> telemetry = new ArrayDeque<>();
    private boolean draining;
    private boolean drainScheduled;
    private int maxInFlight = Integer.MAX_VALUE;
    private int inFlight;
    /** Counts connections: completions of publishes from an earlier one do not free slots of this one. */
    private long generation;

    public PublishPacer(RateLimiter limiter, Timer timer) {
        this.limiter = Objects.requireNonNull(limiter, "limiter");
        this.timer = Objects.requireNonNull(timer, "timer");
    }

    /**
     * Runs {@code publish} as soon as the limit allows, on this thread if it allows now.
     *
     * @return completes as the publish's own stage does, or fails as {@link #failAll} says
     */
    public <T> CompletableFuture<T> submit(Lane lane, Supplier<? extends CompletionStage<T>> publish) {
        Waiting<T> waiting = new Waiting<>(publish);
        synchronized (this) {
            (lane == Lane.CONTROL ? control : telemetry).add(waiting);
        }
        drain();
        return waiting.result;
    }

    /**
     * How many publishes may await their acknowledgement at once, from now on (at least 1): the
     * server's Receive Maximum, learnt when a connection is established.
     */
    public void maxInFlight(int max) {
        synchronized (this) {
            maxInFlight = Math.max(1, max);
        }
        drain();
    }

    /**
     * Fails every publish still waiting and forgets those awaiting acknowledgement, because their
     * connection ended: the next connection starts with every in-flight slot free.
     */
    public void failAll(Supplier<? extends Throwable> why) {
        List<Waiting<?>> dropped;
        synchronized (this) {
            dropped = new ArrayList<>(control);
            dropped.addAll(telemetry);
            control.clear();
            telemetry.clear();
            generation++;
            inFlight = 0;
        }
        dropped.forEach(w -> w.result.completeExceptionally(why.get()));
    }

    /** How many publishes are waiting. */
    public synchronized int waiting() {
        return control.size() + telemetry.size();
    }

    /** How many publishes await their acknowledgement. */
    public synchronized int inFlight() {
        return inFlight;
    }

    /**
     * Runs waiting publishes while the limit allows, one thread at a time and outside the lock (a
     * publish may complete at once and submit the next one from its callback: that one is queued and
     * run by this loop, not by recursion).
     */
    private void drain() {
        while (true) {
            Waiting<?> next;
            synchronized (this) {
                if (draining) {
                    return; // the thread draining now will run what was just queued
                }
                next = nextIfPermitted();
                if (next == null) {
                    return;
                }
                draining = true;
            }
            try {
                next.run(this);
            } finally {
                synchronized (this) {
                    draining = false;
                }
            }
        }
    }

    /**
     * The next publish if one waits and both limits allow it now; otherwise null. When the rate is the
     * limit a drain is scheduled; when the in-flight slots are, the next acknowledgement drains.
     */
    private Waiting<?> nextIfPermitted() {
        ArrayDeque<Waiting<?>> lane = !control.isEmpty() ? control : telemetry;
        if (lane.isEmpty() || inFlight >= maxInFlight) {
            return null;
        }
        long wait = limiter.tryAcquire();
        if (wait > 0) {
            if (!drainScheduled) {
                drainScheduled = true;
                timer.schedule(() -> {
                    synchronized (this) {
                        drainScheduled = false;
                    }
                    drain();
                }, wait);
            }
            return null;
        }
        inFlight++;
        Waiting<?> next = lane.poll();
        next.generation = generation;
        return next;
    }

    /** A publish of connection {@code of} completed, acknowledged or not: its slot is free. */
    private void completed(long of) {
        synchronized (this) {
            if (of == generation && inFlight > 0) {
                inFlight--;
            }
        }
        drain();
    }

    @Override
    public String toString() {
        return "PublishPacer[" + limiter + ", " + waiting() + " waiting]";
    }

    /** A publish and the caller's future. */
    private static final class Waiting<T> {
        final Supplier<? extends CompletionStage<T>> publish;
        final CompletableFuture<T> result = new CompletableFuture<>();
        long generation;

        Waiting(Supplier<? extends CompletionStage<T>> publish) {
            this.publish = publish;
        }

        /** Runs the publish; its slot is freed, then the caller told, when it completes. */
        void run(PublishPacer pacer) {
            CompletionStage<T> stage;
            try {
                stage = publish.get();
            } catch (RuntimeException e) {
                pacer.completed(generation);
                result.completeExceptionally(e);
                return;
            }
            stage.whenComplete((value, error) -> {
                pacer.completed(generation);
                if (error != null) {
                    result.completeExceptionally(error);
                } else {
                    result.complete(value);
                }
            });
        }
    }
}
