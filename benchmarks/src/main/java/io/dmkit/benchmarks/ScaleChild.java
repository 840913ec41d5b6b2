package io.dmkit.benchmarks;

import io.dmkit.api.DmSession;
import io.dmkit.api.SessionConfig;
import io.dmkit.core.DmKit;
import io.dmkit.testing.Await;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One measurement of figure 4, alone in a fresh JVM that {@link Scale} starts, so that heap, RSS and
 * thread counts hold nothing but dmkit: creates N sessions with the defaults a user gets, waits until
 * all are CONNECTED and have their twin, lets them idle, measures, closes them, and prints one
 * {@link Scale.Result} line on standard output.
 *
 * <p>Arguments: broker host, port, N, outbox ({@code default} or {@code memory}), data directory,
 * connect deadline in seconds, idle milliseconds.
 */
final class ScaleChild {

    /** Waiting for twins and for threads to end after close: generous, and recorded rather than fatal. */
    private static final Duration SETTLE = Duration.ofSeconds(30);
    /** How often the connect sampler counts Paho's connect threads. */
    private static final long SAMPLE_MILLIS = 5;

    private final String host;
    private final int port;
    private final String outbox;
    private final Path data;

    private ScaleChild(String host, int port, String outbox, Path data) {
        this.host = host;
        this.port = port;
        this.outbox = outbox;
        this.data = data;
    }

    public static void main(String[] args) throws Exception {
        quietLogs();
        ScaleChild child = new ScaleChild(args[0], Integer.parseInt(args[1]), args[3], Path.of(args[4]));
        Scale.Result result = child.measure(Integer.parseInt(args[2]), Duration.ofSeconds(Long.parseLong(args[5])),
                Long.parseLong(args[6]));
        System.out.println(result.toLine());
        System.out.flush();
        System.exit(0); // anything left running (it is counted in threadsAfterClose) must not keep the JVM
    }

    private Scale.Result measure(int n, Duration connectDeadline, long idleMillis) throws Exception {
        warmUp();
        ScaleProbe baseline = ScaleProbe.take();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        threads.resetPeakThreadCount();
        List<DmSession> sessions = new ArrayList<>(n);
        Instant[] created = new Instant[n];
        double[] connectMillis = new double[n];
        Instant first;
        Instant last;
        double createMillis;
        double createCpuMillis;
        int twins;
        ScaleProbe idle;
        double closeMillis;
        ConnectSampler sampler = ConnectSampler.start(SAMPLE_MILLIS);
        double connectCpuMillis;
        try (DmKit dm = DmKit.builder().discoverTransports().dataDirectory(data.resolve("measured")).build()) {
            long cpu = processCpuNanos();
            first = Instant.now();
            long start = System.nanoTime();
            long callerCpu = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < n; i++) {
                created[i] = Instant.now();
                sessions.add(dm.createSession(config("scale-" + n + "-" + i)));
            }
            createMillis = (System.nanoTime() - start) / 1e6;
            createCpuMillis = (threads.getCurrentThreadCpuTime() - callerCpu) / 1e6;
            Await.until(n + " sessions CONNECTED", connectDeadline,
                    () -> sessions.stream().allMatch(s -> s.state().isConnected()));
            connectCpuMillis = (processCpuNanos() - cpu) / 1e6;
            sampler.stop();
            last = first;
            for (int i = 0; i < n; i++) {
                Instant connected = sessions.get(i).state().since();
                connectMillis[i] = Duration.between(created[i], connected).toNanos() / 1e6;
                last = connected.isAfter(last) ? connected : last;
            }
            twins = awaitTwins(sessions);
            Thread.sleep(idleMillis); // the point: what N connected sessions cost while nothing happens
            idle = ScaleProbe.take();
            long closing = System.nanoTime();
            dm.close();
            closeMillis = (System.nanoTime() - closing) / 1e6;
        } finally {
            sampler.stop();
        }
        int afterClose = threadsAfterClose(baseline.threads());
        return new Scale.Result(n, outbox, createMillis, createCpuMillis,
                Duration.between(first, last).toNanos() / 1e6, connectCpuMillis,
                Stats.percentile(connectMillis, 50), Stats.percentile(connectMillis, 100), sampler.peak(),
                threads.getPeakThreadCount(), kib(idle.heapBytes() - baseline.heapBytes()) / n,
                (double) (idle.rssKib() - baseline.rssKib()) / n, (double) (idle.threads() - baseline.threads()) / n,
                (double) (idle.pahoThreads() - baseline.pahoThreads()) / n,
                perSession(idle.threadsCommittedKib(), baseline.threadsCommittedKib(), n), baseline.threads(),
                idle.threads(),
                afterClose, closeMillis, twins, mib(baseline.heapBytes()), mib(idle.heapBytes()),
                baseline.rssKib() / 1024.0, idle.rssKib() / 1024.0, loadAverage());
    }

    /**
     * One session connected, fetched its twin and removed, in a DmKit of its own that is then closed:
     * classes loaded, the SQLite library unpacked and JIT warm before the baseline, so that one-time
     * costs do not land on the sessions measured (most visibly at N = 1).
     */
    private void warmUp() {
        try (DmKit dm = DmKit.builder().discoverTransports().dataDirectory(data.resolve("warm-up")).build()) {
            DmSession s = dm.createSession(config("scale-warm-up"));
            Await.until("the warm-up session CONNECTED with its twin", SETTLE,
                    () -> s.state().isConnected() && s.twin().isPresent());
        }
    }

    /** The defaults a user gets; only what a ThingsPro session must name, and plain TCP like the other figures. */
    private SessionConfig config(String name) {
        SessionConfig.Builder b = SessionConfig.builder(name).cloudType("thingspro").host(host).port(port)
                .deviceId(name).option("security", "none");
        if (outbox.equals("memory")) {
            b.outbox(SessionConfig.Outbox.MEMORY);
        }
        return b.build();
    }

    /** Sessions fetch their twin once CONNECTED: waits for every fetch, so that "idle" is idle. */
    private static int awaitTwins(List<DmSession> sessions) {
        try {
            Await.until("every twin fetched", SETTLE, () -> sessions.stream().allMatch(s -> s.twin().isPresent()));
        } catch (AssertionError e) {
            System.err.println("scale: " + e.getMessage()); // reported through the count
        }
        return (int) sessions.stream().filter(s -> s.twin().isPresent()).count();
    }

    /** Live threads once those of the closed sessions ended (or {@link #SETTLE} passed). */
    private static int threadsAfterClose(int baseline) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try {
            Await.until("threads back to the baseline", SETTLE, () -> threads.getThreadCount() <= baseline);
        } catch (AssertionError e) {
            // reported through the count; the names say whose they are
            System.err.println("scale: " + e.getMessage() + "; live threads: " + Thread.getAllStackTraces().keySet()
                    .stream().map(Thread::getName).sorted().toList());
        }
        return threads.getThreadCount();
    }

    /**
     * dmkit logs a few INFO lines per session: at N = 1,000 writing them would be part of the figure.
     * WARNING and above, like the suite's logging.properties, unless the parent passed a configuration.
     */
    private static void quietLogs() {
        if (System.getProperty("java.util.logging.config.file") == null) {
            java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
            root.setLevel(java.util.logging.Level.WARNING);
            for (java.util.logging.Handler h : root.getHandlers()) {
                h.setLevel(java.util.logging.Level.WARNING);
            }
        }
    }

    /** The 1-minute load average at the end of the measurement (how busy the two cores were). */
    private static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+")[0]);
        } catch (java.io.IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** CPU time of this process (all threads), to tell a CPU-bound connect from one that waits. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** (idle − baseline) ÷ N of a Native Memory Tracking figure; NaN when tracking was off. */
    private static double perSession(long idleKib, long baselineKib, int n) {
        return idleKib < 0 || baselineKib < 0 ? Double.NaN : (double) (idleKib - baselineKib) / n;
    }

    private static double kib(long bytes) {
        return bytes / 1024.0;
    }

    private static double mib(long bytes) {
        return bytes / 1024.0 / 1024.0;
    }

    /**
     * Samples, while sessions connect, how many Paho connect threads ("MQTT Con: id", one per connect
     * in progress, from the TCP connect to CONNACK) are alive at once: whether connects overlap.
     */
    private static final class ConnectSampler implements Runnable {
        private final long periodMillis;
        private final Thread thread;
        private volatile boolean running = true;
        private volatile int peak;

        private ConnectSampler(long periodMillis) {
            this.periodMillis = periodMillis;
            this.thread = new Thread(this, "scale-connect-sampler");
            thread.setDaemon(true);
        }

        static ConnectSampler start(long periodMillis) {
            ConnectSampler s = new ConnectSampler(periodMillis);
            s.thread.start();
            return s;
        }

        @Override
        public void run() {
            while (running) {
                peak = Math.max(peak, ScaleProbe.countThreads("MQTT Con"));
                try {
                    Thread.sleep(periodMillis); // a sampling period, not a wait for a condition
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        void stop() throws InterruptedException {
            running = false;
            thread.interrupt();
            thread.join();
        }

        int peak() {
            return peak;
        }
    }
}
