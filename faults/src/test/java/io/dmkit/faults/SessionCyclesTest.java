package io.dmkit.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmkit.api.DmSession;
import io.dmkit.core.DmKit;
import io.dmkit.testing.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Sessions connecting and disconnecting over and over, on ten sessions at once: half the cycles
 * create, connect and remove a session, the other half disconnect and connect again a session that
 * lives through the run. Afterwards the threads are those of before, and the heap after a full
 * collection is back near where it was.
 *
 * <p>Ten at once because each connection costs Paho 1.2.5 at least 300 ms (its client starts three
 * threads and polls each with a 100 ms sleep until it runs), which would make a thousand cycles in a
 * row take over five minutes; concurrent cycles are also the harder test.
 */
class SessionCyclesTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int WORKERS = 10;
    private static final int WARM_UP_CYCLES = 2;
    /** Generous: the bound is for a leak that grows with the cycles, not for the JIT's or GC's moods. */
    private static final long HEAP_SLACK_BYTES = 32L * 1024 * 1024;

    @Test
    void connectDisconnectCyclesReturnThreadsAndHeapToTheirBaseline() throws Exception {
        int cycles = Scale.of(1_000, 10_000);
        Figures figures = Figures.of("session connect/disconnect cycles");
        ExecutorService workers = Executors.newFixedThreadPool(WORKERS, r -> new Thread(r, "cycle-worker"));
        try (FaultCloud cloud = FaultCloud.start("cycles"); DmKit dm = DmKit.open()) {
            AtomicInteger done = new AtomicInteger();
            run(workers, w -> cycles(dm, cloud, w, WARM_UP_CYCLES, new AtomicInteger()));
            // The baseline holds the worker threads and whatever dmkit's pools hold after the warm-up;
            // idle pool threads end after a few seconds, so any thread after the run must end too.
            Baseline baseline = Baseline.withHeap();
            long start = System.nanoTime();
            run(workers, w -> cycles(dm, cloud, w, cycles / WORKERS, done));
            long elapsed = System.nanoTime() - start;
            AssertionError threads = baseline.awaitThreads(WAIT);
            int threadsAfter = Baseline.liveThreads();
            long heapAfter = Baseline.usedHeapAfterGc();
            figures.add("cycles", done.get()).add("sessions_at_once", WORKERS)
                    .add("per_cycle", elapsed * WORKERS / Math.max(1, done.get()) / 1_000_000 + "ms")
                    .add("threads_before", baseline.threadCount()).add("threads_after", threadsAfter)
                    .megabytes("heap_before", baseline.heapBytes).megabytes("heap_after", heapAfter)
                    .megabytes("heap_bound", baseline.heapBytes + HEAP_SLACK_BYTES).print();

            assertThat(done.get()).isEqualTo(cycles / WORKERS * WORKERS);
            assertThat(dm.sessions()).as("no session left").isEmpty();
            assertThat(heapAfter).as("heap in use after GC, against the baseline + 32 MB")
                    .isLessThanOrEqualTo(baseline.heapBytes + HEAP_SLACK_BYTES);
            Baseline.rethrow(threads);
        } finally {
            workers.shutdownNow();
            workers.awaitTermination(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    /** What one worker does. */
    private interface Worker {
        void run(int worker) throws Exception;
    }

    private static void run(ExecutorService workers, Worker worker) throws Exception {
        List<Future<?>> running = new ArrayList<>();
        for (int w = 0; w < WORKERS; w++) {
            int n = w;
            running.add(workers.submit(() -> {
                worker.run(n);
                return null;
            }));
        }
        for (Future<?> f : running) {
            f.get(10, TimeUnit.MINUTES);
        }
    }

    /**
     * One worker's cycles on its own sessions: even ones create, connect and remove {@code cycle-w};
     * odd ones disconnect and reconnect {@code steady-w}, which is removed at the end.
     */
    private static void cycles(DmKit dm, FaultCloud cloud, int w, int count, AtomicInteger done) throws Exception {
        DmSession steady = dm.createSession(cloud.session("steady-" + w, "gw-steady-" + w).build());
        Await.until("steady-" + w + " connected", WAIT, () -> steady.state().isConnected());
        for (int i = 0; i < count; i++) {
            if (i % 2 == 0) {
                DmSession s = dm.createSession(cloud.session("cycle-" + w, "gw-cycle-" + w).build());
                Await.until("cycle-" + w + " connected", WAIT, () -> s.state().isConnected());
                assertThat(dm.removeSession("cycle-" + w)).isTrue();
            } else {
                steady.disconnect().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
                steady.connect();
                Await.until("steady-" + w + " reconnected", WAIT, () -> steady.state().isConnected());
            }
            done.incrementAndGet();
        }
        assertThat(dm.removeSession("steady-" + w)).isTrue();
    }
}
