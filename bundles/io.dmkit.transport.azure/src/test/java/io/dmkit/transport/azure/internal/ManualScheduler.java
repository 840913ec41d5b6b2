package io.dmkit.transport.azure.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A scheduler for unit tests whose time moves only when the test moves it, with a {@link Clock} on the same
 * time: tasks run on the test's thread, in the order they are due, when {@link #advance} passes their time
 * ({@link #execute} makes a task due now). Only the one-shot {@code schedule} and {@code execute} are
 * supported; the transport needs no more.
 */
final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {

    private final PriorityQueue<Task<?>> queue = new PriorityQueue<>(Comparator.<Task<?>>comparingLong(t -> t.due)
            .thenComparingLong(t -> t.order));
    private Instant now = Instant.parse("2025-01-01T00:00:00Z");
    private long order;

    /** A clock that reads this scheduler's time. */
    Clock clock() {
        return new Clock() {
            @Override
            public Instant instant() {
                return now;
            }

            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                throw new UnsupportedOperationException();
            }
        };
    }

    /** Moves time on by {@code d}, running every task due meanwhile, those they schedule included. */
    void advance(Duration d) {
        long until = nanos(now) + d.toNanos();
        for (Task<?> next = queue.peek(); next != null && next.due <= until; next = queue.peek()) {
            queue.poll();
            now = Instant.EPOCH.plusNanos(Math.max(next.due, nanos(now)));
            next.run();
        }
        now = Instant.EPOCH.plusNanos(until);
    }

    /** Runs what is due now. */
    void runDue() {
        advance(Duration.ZERO);
    }

    /** How many tasks wait, cancelled ones left out. */
    int pending() {
        return (int) queue.stream().filter(t -> !t.isCancelled()).count();
    }

    private static long nanos(Instant instant) {
        return Duration.between(Instant.EPOCH, instant).toNanos();
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return add(new Task<>(command, null, nanos(now) + unit.toNanos(delay)));
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        return add(new Task<>(callable, nanos(now) + unit.toNanos(delay)));
    }

    @Override
    public void execute(Runnable command) {
        schedule(command, 0, TimeUnit.NANOSECONDS);
    }

    private <V> Task<V> add(Task<V> task) {
        task.order = order++;
        queue.add(task);
        return task;
    }

    private final class Task<V> extends FutureTask<V> implements ScheduledFuture<V> {
        final long due;
        long order;

        Task(Runnable run, V result, long due) {
            super(run, result);
            this.due = due;
        }

        Task(Callable<V> call, long due) {
            super(call);
            this.due = due;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(due - nanos(now), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
        }
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void shutdown() {
        queue.clear();
    }

    @Override
    public List<Runnable> shutdownNow() {
        List<Runnable> left = new ArrayList<>(queue);
        queue.clear();
        return left;
    }

    @Override
    public boolean isShutdown() {
        return false;
    }

    @Override
    public boolean isTerminated() {
        return false;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return true;
    }
}
