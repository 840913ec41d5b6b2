package io.dmkit.core.internal;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads of one dmkit instance, shared by all its sessions:
 * <ul>
 * <li>a scheduler for timers (backoff, deadlines, keep-alive pings): one thread, tasks never block;</li>
 * <li>an event pool behind each session's serial lanes (state machine, listener callbacks);</li>
 * <li>a bounded handler pool for command handlers, which may block until their deadline.</li>
 * </ul>
 * Idle pool threads end after a few seconds, so a quiet gateway holds almost no threads, and
 * {@link #shutdown()} ends all of them.
 */
final class CoreExecutors {

    private static final System.Logger LOG = System.getLogger(CoreExecutors.class.getName());

    /** Threads behind all sessions' serial lanes. */
    static final int EVENT_THREADS = 4;
    /** Most command handlers running at once, across sessions. */
    static final int MAX_HANDLER_THREADS = 16;
    /** Commands waiting for a handler thread; beyond this a command is answered 503. */
    static final int HANDLER_QUEUE = 256;

    final ScheduledThreadPoolExecutor scheduler;
    final ThreadPoolExecutor events;
    final ThreadPoolExecutor handlers;

    CoreExecutors(String prefix) {
        scheduler = new ScheduledThreadPoolExecutor(1, threads(prefix + "-timer"));
        scheduler.setRemoveOnCancelPolicy(true);
        scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        // Lanes run short tasks; a few threads serve every session. Core threads time out when idle.
        events = new ThreadPoolExecutor(EVENT_THREADS, EVENT_THREADS, 2, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                threads(prefix + "-event"));
        events.allowCoreThreadTimeOut(true);
        handlers = new ThreadPoolExecutor(MAX_HANDLER_THREADS, MAX_HANDLER_THREADS, 5, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(HANDLER_QUEUE), threads(prefix + "-handler"));
        handlers.allowCoreThreadTimeOut(true);
    }

    void shutdown() {
        scheduler.shutdownNow();
        events.shutdown();
        handlers.shutdownNow();
        try {
            if (!events.awaitTermination(5, TimeUnit.SECONDS) || !handlers.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.log(System.Logger.Level.WARNING, "dmkit threads did not end within 5 s of shutdown: a listener or "
                        + "command handler ignores interruption");
            }
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        events.shutdownNow();
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
