package io.dmkit.core.internal.twin;

import io.dmkit.api.TwinUpdate;
import io.dmkit.core.internal.connection.Link;
import io.dmkit.core.internal.execution.Backoff;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * One connection's twin sync, run on the calling thread: the twin fetch answers at once, so the
 * COMPLETE twin (or its refusal) is decided inside {@link #connect}. A refused twin schedules a
 * retry an hour away, which {@link #close()} drops with the scheduler's thread.
 */
final class TwinSyncHarness implements AutoCloseable {

    final List<TwinUpdate> delivered = new ArrayList<>();
    private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
    private final TwinSync sync;
    private Link link;

    TwinSyncHarness() {
        scheduler.setRemoveOnCancelPolicy(true);
        sync = new TwinSync("fuzz", new DeliveredTwin(), Runnable::run, scheduler, Duration.ofHours(1),
                new Backoff(Duration.ofHours(1), Duration.ofHours(1)), delivered::add);
    }

    /** A connection whose twin fetch answers {@code twin}. */
    void connect(String twin) {
        link = new Link(1, new TwinSource(twin));
        sync.start(link);
    }

    /** A desired patch as a transport hands it on. */
    void patch(String json, long version) {
        sync.onPatch(json, version);
    }

    @Override
    public void close() {
        if (link != null) {
            link.close();
        }
        sync.stop();
        scheduler.shutdownNow();
    }
}
