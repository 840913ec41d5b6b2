package io.dmkit.fuzz;

import io.dmkit.api.spi.context.TransportContext;
import io.dmkit.api.spi.context.TransportListener;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * What the core gives transports: a scheduler, shared by every transport made from this context (one
 * daemon thread for a whole fuzz run; transports only set timers on it, and cancelled timers are removed
 * at once so that millions of inputs do not fill its queue), and a listener of their own.
 * {@link #close()} stops the thread.
 */
public final class FuzzContext implements AutoCloseable {

    private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "dmkit-fuzz-scheduler");
        t.setDaemon(true);
        return t;
    });

    public FuzzContext() {
        scheduler.setRemoveOnCancelPolicy(true);
    }

    /** The context of one transport: this scheduler, and {@code listener}. */
    public TransportContext with(TransportListener listener) {
        return new TransportContext() {
            @Override
            public TransportListener listener() {
                return listener;
            }

            @Override
            public ScheduledExecutorService scheduler() {
                return scheduler;
            }
        };
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
