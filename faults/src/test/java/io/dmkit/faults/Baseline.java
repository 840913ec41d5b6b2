package io.dmkit.faults;

import io.dmkit.testing.ThreadCheck;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What a test compares against at its end: the threads alive and the heap in use at its start.
 * The checks return their failure rather than throw it, so that a test prints its figures first and
 * then fails with them on the record.
 */
final class Baseline {

    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    final Set<Thread> threads;
    final long heapBytes;

    private Baseline(Set<Thread> threads, long heapBytes) {
        this.threads = threads;
        this.heapBytes = heapBytes;
    }

    /** The threads alive now (the heap is not measured: {@link #withHeap()} does, after a GC). */
    static Baseline threads() {
        return new Baseline(ThreadCheck.snapshot(), -1);
    }

    /** The threads alive now and the heap in use after a full collection. */
    static Baseline withHeap() {
        return new Baseline(ThreadCheck.snapshot(), usedHeapAfterGc());
    }

    int threadCount() {
        return threads.size();
    }

    /**
     * Waits until every thread alive was alive at the baseline (or is one of the JDK's housekeeping
     * threads); returns the failure, or null.
     */
    AssertionError awaitThreads(Duration timeout) {
        return awaitThreads(timeout, name -> false);
    }

    /**
     * The same, also allowing the threads alive now whose name {@code testTool} accepts: threads of the
     * test's own tools (the JDK HTTP client that drives the emulator keeps idle workers for a minute).
     */
    AssertionError awaitThreads(Duration timeout, Predicate<String> testTool) {
        Set<Thread> allowed = new HashSet<>(threads);
        ThreadCheck.snapshot().stream().filter(t -> testTool.test(t.getName())).forEach(allowed::add);
        try {
            ThreadCheck.awaitNoNewThreads(allowed, timeout);
            return null;
        } catch (AssertionError e) {
            return e;
        }
    }

    /**
     * The heap in use after {@link System#gc()}: the least of three measurements, each after its own
     * collection, so that garbage a collection left for the next one does not count. With the JVM's
     * default collector (G1) {@code System.gc()} is a full, stop-the-world collection.
     */
    static long usedHeapAfterGc() {
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            least = Math.min(least, MEMORY.getHeapMemoryUsage().getUsed());
        }
        return least;
    }

    static int liveThreads() {
        return ThreadCheck.snapshot().size();
    }

    /** Throws the first failure that is not null. */
    static void rethrow(AssertionError... failures) {
        for (AssertionError f : failures) {
            if (f != null) {
                throw f;
            }
        }
    }
}
