package io.dmkit.itests;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmkit.api.DmSession;
import io.dmkit.api.SessionConfig;
import io.dmkit.testing.Await;
import io.dmkit.testing.ThreadCheck;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.Test;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;

/**
 * Sessions configured through ConfigAdmin over and over, as an operator or a provisioning system
 * does: each cycle creates a factory configuration, waits for its session to connect, changes it
 * (which replaces the session), waits for the replacement to connect, and deletes it. Afterwards the
 * threads are those of before and the heap after a full collection is back near its baseline.
 *
 * <p>A fault test (docs/fault-tests.md): 200 cycles, {@code -Dfaults.long=true} 10,000. Ten
 * configurations cycle at once: each connection costs Paho 1.2.5 at least 300 ms, so cycles in a
 * row would take minutes.
 */
public class ConfigurationCyclesIT extends OsgiTestSupport {

    private static final int WORKERS = 10;
    /** Generous: the bound is for a leak that grows with the cycles, not for the JIT's or GC's moods. */
    private static final long HEAP_SLACK_BYTES = 32L * 1024 * 1024;

    @Test
    public void configurationCreateUpdateDeleteCyclesReturnThreadsAndHeapToTheirBaseline() throws Exception {
        int cycles = Boolean.getBoolean("faults.long") ? 10_000 : 200;
        ExecutorService workers = Executors.newFixedThreadPool(WORKERS, r -> new Thread(r, "configuration-cycles"));
        try {
            run(workers, 1, new AtomicInteger()); // warm-up: SCR, ConfigAdmin, dmkit's pools, the JIT
            Set<Thread> baseline = ThreadCheck.snapshot();
            long heapBefore = usedHeapAfterGc();
            AtomicInteger done = new AtomicInteger();
            long start = System.nanoTime();
            run(workers, cycles / WORKERS, done);
            long elapsed = System.nanoTime() - start;
            String threads = null;
            try {
                ThreadCheck.awaitNoNewThreads(baseline, Duration.ofSeconds(30));
            } catch (AssertionError e) {
                threads = e.getMessage(); // names the threads; thrown below, after the figures
            }
            int threadsAfter = ThreadCheck.snapshot().size();
            long heapAfter = usedHeapAfterGc();
            System.out.println(String.format(Locale.ROOT, "[fault] configuration create/update/delete cycles:"
                    + " cycles=%d configurations_at_once=%d per_cycle=%dms threads_before=%d threads_after=%d"
                    + " heap_before=%.1fMB heap_after=%.1fMB heap_bound=%.1fMB elapsed=%.1fs", done.get(), WORKERS,
                    elapsed * WORKERS / Math.max(1, done.get()) / 1_000_000, baseline.size(), threadsAfter,
                    mb(heapBefore), mb(heapAfter), mb(heapBefore + HEAP_SLACK_BYTES), elapsed / 1e9));

            assertThat(done.get()).isEqualTo(cycles / WORKERS * WORKERS);
            assertThat(sessionReferences("(" + DmSession.SESSION_NAME + "=*)")).as("no session left").isEmpty();
            assertThat(heapAfter).as("heap in use after GC, against the baseline + 32 MB")
                    .isLessThanOrEqualTo(heapBefore + HEAP_SLACK_BYTES);
            if (threads != null) {
                throw new AssertionError(threads);
            }
        } finally {
            workers.shutdownNow();
            workers.awaitTermination(30, TimeUnit.SECONDS);
        }
    }

    private void run(ExecutorService workers, int cyclesEach, AtomicInteger done) throws Exception {
        List<Future<?>> running = new ArrayList<>();
        for (int w = 0; w < WORKERS; w++) {
            String name = "cycling-" + w;
            running.add(workers.submit(() -> {
                for (int i = 0; i < cyclesEach; i++) {
                    cycle(name, i);
                    done.incrementAndGet();
                }
                return null;
            }));
        }
        for (Future<?> f : running) {
            f.get(30, TimeUnit.MINUTES);
        }
    }

    private void cycle(String name, int i) throws Exception {
        Map<String, Object> properties = cloud.sessionProperties(name, "gw-" + name, Cloud.Listener.PLAIN);
        Configuration c = configAdmin.createFactoryConfiguration(SessionConfig.FACTORY_PID, "?");
        c.update(new Hashtable<>(properties));
        awaitConnected(name, i, "created", 10);

        properties.put(SessionConfig.KEEPALIVE.id(), 11); // any change replaces the session
        c.update(new Hashtable<>(properties));
        awaitConnected(name, i, "updated", 11);

        c.delete();
        Await.until(name + " cycle " + i + ": session removed", WAIT,
                () -> sessionReferences("(" + DmSession.SESSION_NAME + "=" + name + ")").isEmpty());
    }

    /** Waits until the session of the configuration's current version (told by its keep-alive) is connected. */
    private void awaitConnected(String name, int i, String what, int keepAlive) {
        Await.until(name + " cycle " + i + ": " + what + " session connected", WAIT, () -> {
            for (ServiceReference<DmSession> ref : sessionReferences("(" + DmSession.SESSION_NAME + "=" + name + ")")) {
                DmSession s = context.getService(ref);
                try {
                    if (s != null && s.config().keepAliveSeconds() == keepAlive && s.state().isConnected()) {
                        return true;
                    }
                } finally {
                    context.ungetService(ref);
                }
            }
            return false;
        });
    }

    private static long usedHeapAfterGc() {
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            least = Math.min(least, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return least;
    }

    private static double mb(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }
}
