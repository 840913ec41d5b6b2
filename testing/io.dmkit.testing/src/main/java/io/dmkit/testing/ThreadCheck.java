package io.dmkit.testing;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Asserts that code under test leaves no thread behind.
 *
 * <p>Threads end asynchronously after the call that stops them returns, so every check waits
 * (with a deadline) rather than looking once. Typical use: take a {@link #snapshot()} before the
 * test, stop what the test started, then {@link #awaitNoNewThreads(Set, Duration)}.
 */
public final class ThreadCheck {

    /**
     * Name prefixes of threads the JDK starts on demand and keeps alive for a while by design
     * (the process reaper after {@link ProcessBuilder#start()}, the common cleaner, the common
     * fork-join pool, the attach listener). They are not leaks of the code under test.
     */
    public static final List<String> JDK_HOUSEKEEPING_PREFIXES = List.of(
            "process reaper", "Common-Cleaner", "ForkJoinPool.commonPool-worker-", "Attach Listener");

    private ThreadCheck() {
    }

    /** The threads alive now. */
    public static Set<Thread> snapshot() {
        return Set.copyOf(Thread.getAllStackTraces().keySet());
    }

    /** Waits until at most {@code max} threads are alive; the failure lists every live thread. */
    public static void awaitThreadCountAtMost(int max, Duration timeout) {
        try {
            Await.until("at most " + max + " live threads", timeout, () -> snapshot().size() <= max);
        } catch (AssertionError e) {
            List<Thread> alive = sorted(snapshot());
            throw new AssertionError(e.getMessage() + "; " + alive.size() + " alive, " + (alive.size() - max)
                    + " over the limit: " + names(alive), e);
        }
    }

    /**
     * Waits until every thread alive is either in {@code baseline} or one of the
     * {@linkplain #JDK_HOUSEKEEPING_PREFIXES JDK's housekeeping threads}; the failure names the others.
     */
    public static void awaitNoNewThreads(Set<Thread> baseline, Duration timeout) {
        Objects.requireNonNull(baseline, "baseline");
        try {
            Await.until("no threads beyond the baseline", timeout, () -> newThreads(baseline).isEmpty());
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; still alive: " + names(newThreads(baseline)), e);
        }
    }

    /** Waits until no live thread's name matches {@code name}; the failure names those that do. */
    public static void awaitNoThreadNamed(Predicate<String> name, Duration timeout) {
        Objects.requireNonNull(name, "name");
        try {
            Await.until("no thread with a matching name", timeout, () -> matching(name).isEmpty());
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; still alive: " + names(matching(name)), e);
        }
    }

    private static List<Thread> newThreads(Set<Thread> baseline) {
        return sorted(snapshot().stream()
                .filter(t -> !baseline.contains(t))
                .filter(t -> JDK_HOUSEKEEPING_PREFIXES.stream().noneMatch(p -> t.getName().startsWith(p)))
                .collect(Collectors.toSet()));
    }

    private static List<Thread> matching(Predicate<String> name) {
        return sorted(snapshot().stream().filter(t -> name.test(t.getName())).collect(Collectors.toSet()));
    }

    private static List<Thread> sorted(Set<Thread> threads) {
        return threads.stream().sorted(Comparator.comparing(Thread::getName)).collect(Collectors.toList());
    }

    private static String names(List<Thread> threads) {
        return threads.stream()
                .map(t -> "\"" + t.getName() + "\"" + (t.isDaemon() ? " (daemon)" : ""))
                .collect(Collectors.joining(", ", "[", "]"));
    }
}
