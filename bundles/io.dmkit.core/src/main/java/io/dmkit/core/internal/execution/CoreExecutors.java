package io.dmkit.core.internal.execution;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads of one dmkit instance, shared by all its sessions:
 * <ul>
 * <li>a scheduler for timers (backoff, deadlines, keep-alive pings): one thread, tasks never block;</li>
 * <li>the lane pool: a few threads behind every session's serial lanes (its control lane, which runs
 * the state machine, and its listener lane, which calls listeners);</li>
 * <li>a bounded handler pool for command handlers, which may block until their deadline.</li>
 * </ul>
 * Idle pool threads end after a few seconds, so a quiet gateway holds almost no threads, and
 * {@link #shutdown()} ends all of them.
 */
public final class CoreExecutors {

    private static final Logger LOG = LoggerFactory.getLogger(CoreExecutors.class);

    /** Threads behind all sessions' serial lanes. */
    static final int LANE_THREADS = 4;
    /** Most command handlers running at once, across sessions. */
    public static final int MAX_HANDLER_THREADS = 16;
    /** Commands waiting for a handler thread; beyond this a command is answered 503. */
    public static final int HANDLER_QUEUE = 256;

    public final ScheduledThreadPoolExecutor scheduler;
    public final ThreadPoolExecutor lanes;
    public final ThreadPoolExecutor handlers;

    public CoreExecutors(String prefix) {
        scheduler = new ScheduledThreadPoolExecutor(1, threads(prefix + "-timer"));
        scheduler.setRemoveOnCancelPolicy(true);
        scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        // Lanes run short tasks; a few threads serve every session. Core threads time out when idle.
        lanes = new ThreadPoolExecutor(LANE_THREADS, LANE_THREADS, 2, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                threads(prefix + "-lane"));
        lanes.allowCoreThreadTimeOut(true);
        handlers = new ThreadPoolExecutor(MAX_HANDLER_THREADS, MAX_HANDLER_THREADS, 5, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(HANDLER_QUEUE), threads(prefix + "-handler"));
        handlers.allowCoreThreadTimeOut(true);
    }

    public void shutdown() {
        scheduler.shutdownNow();
        lanes.shutdown();
        handlers.shutdownNow();
        try {
            if (!lanes.awaitTermination(5, TimeUnit.SECONDS) || !handlers.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("dmkit threads did not end within 5 s of shutdown: a listener or "
                        + "command handler ignores interruption");
            }
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        lanes.shutdownNow();
    }

    private static ThreadFactory threads(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
