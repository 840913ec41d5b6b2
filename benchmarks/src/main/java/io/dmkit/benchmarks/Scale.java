package io.dmkit.benchmarks;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Figure 4: N concurrent ThingsPro sessions in one JVM (N = 1, 100, 1,000), with the defaults a user
 * gets: connect time for all, then heap, RSS and threads per idle session. Each N runs in a fresh child
 * JVM ({@link ScaleChild}, same Java, same class path, {@value #HEAP}) against the run's broker and
 * ThingsPro service, so that its figures hold nothing but those sessions; the child prints one
 * {@link Result} line and this class reads it.
 */
final class Scale {

    /**
     * One N, measured in one child JVM. Per-session figures are (idle − baseline) ÷ N; the baseline is
     * taken after a warm-up session was connected and removed (classes loaded, SQLite unpacked).
     *
     * @param connectAllMillis first {@code createSession} call → the last session's CONNECTED
     * @param createMillis the {@code createSession} calls alone (they return before connecting)
     * @param createCpuMillis CPU time of the calling thread during those calls
     * @param connectCpuMillis CPU time the child JVM used (all threads) during {@code connectAllMillis}
     * @param connectMedianMillis per session: its {@code createSession} call → its CONNECTED (median)
     * @param peakParallelConnects most Paho connect threads ("MQTT Con") alive at once while connecting
     * @param threadsNativePerSessionKib thread stacks and thread structures per session (Native Memory Tracking)
     * @param twins sessions that had fetched their twin before the idle period
     * @param loadAverage the machine's 1-minute load average when the child finished measuring
     */
    record Result(int sessions, String outbox, double createMillis, double createCpuMillis, double connectAllMillis,
            double connectCpuMillis, double connectMedianMillis,
            double connectMaxMillis, int peakParallelConnects, int peakThreads, double heapPerSessionKib,
            double rssPerSessionKib, double threadsPerSession, double pahoThreadsPerSession,
            double threadsNativePerSessionKib, int baselineThreads,
            int idleThreads, int threadsAfterClose, double closeMillis, int twins, double baselineHeapMib,
            double idleHeapMib, double baselineRssMib, double idleRssMib, double loadAverage) {

        static final String PREFIX = "SCALE-RESULT";

        /** {@code SCALE-RESULT name=value ...}, one pair per component; no value contains a space. */
        String toLine() {
            StringBuilder line = new StringBuilder(PREFIX);
            try {
                for (RecordComponent c : Result.class.getRecordComponents()) {
                    line.append(' ').append(c.getName()).append('=').append(c.getAccessor().invoke(this));
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
            return line.toString();
        }

        static Result fromLine(String line) {
            Map<String, String> values = new LinkedHashMap<>();
            for (String pair : line.substring(PREFIX.length()).trim().split(" ")) {
                int eq = pair.indexOf('=');
                values.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
            RecordComponent[] components = Result.class.getRecordComponents();
            Object[] args = new Object[components.length];
            Class<?>[] types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                types[i] = components[i].getType();
                String v = values.get(components[i].getName());
                if (v == null) {
                    throw new IllegalArgumentException("no " + components[i].getName() + " in: " + line);
                }
                args[i] = types[i] == int.class ? Integer.valueOf(v)
                        : types[i] == double.class ? (Object) Double.valueOf(v) : v;
            }
            try {
                return Result.class.getDeclaredConstructor(types).newInstance(args);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }

        boolean defaultOutbox() {
            return outbox.equals(DEFAULT_OUTBOX);
        }
    }

    static final String DEFAULT_OUTBOX = "default";
    static final String MEMORY_OUTBOX = "memory";
    private static final String HEAP = "-Xmx1g";
    /** Native Memory Tracking: splits RSS into heap and threads; summary mode costs little. */
    private static final String NMT = "-XX:NativeMemoryTracking=summary";
    /** Idle before measuring: longer than dmkit's idle pool threads live (2 s), so none is counted. */
    private static final long IDLE_MILLIS = 5_000;
    /** Until every session is CONNECTED; a user's connect timeout is 30 s, so this allows retries. */
    private static final Duration CONNECT_DEADLINE = Duration.ofSeconds(180);
    private static final Duration CHILD_TIMEOUT = Duration.ofMinutes(5);
    private static final double TARGET_KIB = 100;

    private final Settings settings;
    private final String host;
    private final int port;

    Scale(Settings settings, BenchCloud cloud) {
        this.settings = settings;
        this.host = "127.0.0.1";
        this.port = cloud.broker.plainPort();
    }

    /** The default outbox at each N, then the in-memory outbox at the largest N. */
    List<Result> run() throws Exception {
        List<Integer> sizes = sizes(settings);
        List<Result> results = new ArrayList<>();
        for (int n : sizes) {
            results.add(measure(n, DEFAULT_OUTBOX));
        }
        results.add(measure(sizes.get(sizes.size() - 1), MEMORY_OUTBOX));
        return results;
    }

    /** N = 1, 100, 1,000; a tenth of that with {@code --quick}. */
    static List<Integer> sizes(Settings settings) {
        return settings.quick() ? List.of(1, 10, 100) : List.of(1, 100, 1_000);
    }

    private Result measure(int n, String outbox) throws Exception {
        Path dir = Files.createTempDirectory(Files.createDirectories(settings.work()), "scale-" + n + "-" + outbox + "-");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                HEAP, NMT));
        String logging = System.getProperty("java.util.logging.config.file");
        if (logging != null) {
            command.add("-Djava.util.logging.config.file=" + logging);
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ScaleChild.class.getName(), host,
                String.valueOf(port), String.valueOf(n), outbox, dir.resolve("data").toString(),
                String.valueOf(CONNECT_DEADLINE.toSeconds()), String.valueOf(IDLE_MILLIS)));
        Path out = dir.resolve("child.out");
        Path err = dir.resolve("child.err");
        Process child = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            if (!child.waitFor(CHILD_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("figure 4, N=" + n + ": the child JVM did not finish within "
                        + CHILD_TIMEOUT.toMinutes() + " min; its output:\n" + tail(out) + tail(err));
            }
        } finally {
            child.destroyForcibly();
        }
        Result result = Files.readAllLines(out, StandardCharsets.UTF_8).stream().filter(l -> l.startsWith(Result.PREFIX))
                .findFirst().map(Result::fromLine).orElse(null);
        if (result == null) {
            throw new IllegalStateException("figure 4, N=" + n + ": the child JVM exited " + child.exitValue()
                    + " without a result:\n" + tail(out) + tail(err));
        }
        // what the child found odd (twins not fetched, threads left after close), with the thread names
        Files.readAllLines(err, StandardCharsets.UTF_8).stream().filter(l -> l.startsWith("scale:"))
                .forEach(l -> System.out.println("  N=" + n + " " + outbox + " " + l));
        System.out.printf(Locale.ROOT, "  scale %,d sessions (%s outbox): all CONNECTED in %.0f ms, %.1f KiB heap, "
                + "%.0f KiB RSS, %.2f threads per session%n", n, outbox, result.connectAllMillis(),
                result.heapPerSessionKib(), result.rssPerSessionKib(), result.threadsPerSession());
        return result;
    }

    private static String tail(Path file) throws IOException {
        if (!Files.exists(file)) {
            return "";
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size())) + "\n";
    }

    /** The heap target at the largest N with the default outbox; threads and connect time reported. */
    static List<Target> targets(List<Result> results) {
        Result r = largestDefault(results);
        if (r == null) {
            return List.of(Target.notMeasured("1,000 idle sessions, heap per session (figure 4)", "< 100 KB"));
        }
        String at = fmt("%,d", r.sessions());
        return List.of(
                Target.below(at + " idle sessions, heap per session", "< 100 KB", fmt("%.1f KB", r.heapPerSessionKib()),
                        r.heapPerSessionKib(), TARGET_KIB),
                Target.reported(at + " idle sessions, threads per session", fmt("%.2f (Paho %.2f)",
                        r.threadsPerSession(), r.pahoThreadsPerSession())),
                Target.reported(at + " idle sessions, RSS per session", fmt("%.0f KB", r.rssPerSessionKib())),
                Target.reported(at + " sessions, connect time for all", fmt("%.2f s", r.connectAllMillis() / 1000)));
    }

    private static Result largestDefault(List<Result> results) {
        Result best = null;
        for (Result r : results) {
            if (r.defaultOutbox() && (best == null || r.sessions() > best.sessions())) {
                best = r;
            }
        }
        return best;
    }

    /** The section of docs/performance.md: table, method, and what limits the figure. */
    static String markdown(List<Result> results) {
        StringBuilder md = new StringBuilder("## 4. Scale: 1, 100 and 1,000 sessions in one JVM\n\n");
        md.append("| sessions | outbox | `createSession` × N | connect, all | child CPU meanwhile | per session p50 / max "
                + "| peak parallel connects | twins fetched | heap per session | RSS per session "
                + "| of which threads (NMT) | threads per session (Paho's) "
                + "| threads: baseline → idle → after close | heap, RSS idle | load |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Result r : results) {
            md.append(fmt("| %,d | %s | %,.0f ms | %,.0f ms | %,.0f ms | %,.0f / %,.0f ms | %,d | %,d | %.1f KB | %.0f KB "
                    + "| %.0f KB | %.2f (%.2f) | %d → %d → %d | %.0f MiB, %.0f MiB | %.2f |\n", r.sessions(),
                    outboxName(r), r.createMillis(), r.connectAllMillis(), r.connectCpuMillis(), r.connectMedianMillis(),
                    r.connectMaxMillis(), r.peakParallelConnects(), r.twins(), r.heapPerSessionKib(),
                    r.rssPerSessionKib(), r.threadsNativePerSessionKib(),
                    r.threadsPerSession(), r.pahoThreadsPerSession(), r.baselineThreads(),
                    r.idleThreads(), r.threadsAfterClose(), r.idleHeapMib(), r.idleRssMib(), r.loadAverage()));
        }
        md.append("\nEach row is a fresh JVM (`").append(HEAP).append("`, default GC, same class path) started by the ")
                .append("suite (`ScaleChild`), connected to the run's Mosquitto and ThingsPro service over plain TCP. ")
                .append("It creates N ThingsPro sessions through `DmKit` with the defaults a user gets (the default ")
                .append("outbox is the persistent SQLite one, in `DmKit.builder().dataDirectory(dir)`; the last row ")
                .append("sets `outbox(MEMORY)`), one `createSession` after the other on one thread, and waits until all ")
                .append("are CONNECTED and have fetched their twin (30 s at most). Connect, all: first `createSession` ")
                .append("call → the last session's CONNECTED (`ConnectionState.since()`); child CPU: the child JVM's ")
                .append("process CPU time over that interval (two cores give at most twice the wall time). Per ")
                .append("session: its `createSession` → its CONNECTED. Peak parallel connects: most Paho connect ")
                .append("threads (`MQTT Con: id`, one per connect from TCP connect to CONNACK) alive at once, sampled ")
                .append("every 5 ms. After ").append(IDLE_MILLIS / 1000).append(" s idle: heap used after four ")
                .append("`System.gc()` (MemoryMXBean), `VmRSS` from `/proc/self/status`, live Java threads ")
                .append("(ThreadMXBean), and, from Native Memory Tracking (`").append(NMT).append("`), the committed ")
                .append("memory of threads (stack pages in use and thread structures); per session = ")
                .append("(idle − baseline) ÷ N, where the baseline is taken after one ")
                .append("warm-up session was connected and removed in a DmKit of its own (so N = 1 still carries some ")
                .append("one-time cost). KB = 1,024 bytes. After close: live threads once `DmKit.close()` returned ")
                .append("and the sessions' threads ended (30 s at most). Load: 1-minute load average as the child ")
                .append("finished.\n\n");
        md.append(limits(results));
        return md.toString();
    }

    private static String outboxName(Result r) {
        return r.defaultOutbox() ? "persistent (default)" : "in-memory";
    }

    /** What limits the figure and what would fix it, from the numbers of the largest N. */
    private static String limits(List<Result> results) {
        Result r = largestDefault(results);
        if (r == null) {
            return "";
        }
        Result memory = results.stream().filter(x -> !x.defaultOutbox() && x.sessions() == r.sessions()).findFirst()
                .orElse(null);
        StringBuilder md = new StringBuilder();
        md.append(fmt("**Memory and threads: Paho's three threads per client.** At %,d idle sessions the heap is "
                + "small (%.1f KB per session; target < 100 KB), but every session holds %.2f threads, %.2f of them "
                + "Paho's: Paho 1.2.5 gives each `MqttAsyncClient` three threads of its own for the connection's "
                + "lifetime (`MQTT Rec` blocked in a socket read, `MQTT Snd` and `MQTT Call` waiting on monitors), "
                + "and dmkit adds none per session (its pools are shared and idle out). %,d sessions are %,d threads "
                + "(%,d in the JVM at idle, a peak of %,d while connecting). Of the %.0f KB RSS per session, Native "
                + "Memory Tracking puts %.0f KB on threads (stack pages in use and thread structures, about %.0f KB "
                + "per thread)", r.sessions(), r.heapPerSessionKib(), r.threadsPerSession(), r.pahoThreadsPerSession(),
                r.sessions(), Math.round(r.pahoThreadsPerSession() * r.sessions()), r.idleThreads(), r.peakThreads(),
                r.rssPerSessionKib(), r.threadsNativePerSessionKib(),
                r.threadsNativePerSessionKib() / Math.max(r.threadsPerSession(), 1e-9)));
        if (memory != null) {
            md.append(fmt("; with the in-memory outbox a session costs %.0f KB RSS, so the SQLite outbox (connection, "
                    + "page cache, file handles) accounts for %.0f KB", memory.rssPerSessionKib(),
                    r.rssPerSessionKib() - memory.rssPerSessionKib()));
        }
        md.append(". Passing `MqttAsyncClient` a shared `ExecutorService` (its last constructor argument) would only "
                + "pool these threads: each task still blocks for the connection's lifetime. Proposed fix, in "
                + "`io.dmkit.transport.mqtt`: put `PahoConnection` (and `v5/Mqtt5Connection`) behind a small "
                + "connection interface and add an implementation on an event-loop client (for example the HiveMQ MQTT "
                + "client on Netty: a few shared threads for all sessions), kept beside Paho until it passes the same "
                + "transport tests; on Java 24+ (JEP 491, virtual threads no longer pinned in `synchronized`/"
                + "`Object.wait`) a virtual-thread executor handed to Paho would be the cheaper route. The same change "
                + "removes the thread starts that slow a burst of connects (below).");
        md.append(fmt(" Not urgent at this N: the JVM ran %,d idle threads without trouble.\n\n", r.idleThreads()));
        if (r.createMillis() > r.connectAllMillis() / 2) {
            md.append(fmt("**Connect time: the outboxes are opened one after another.** The %,d `createSession` calls "
                    + "took %,.0f ms (%.1f ms each) of the %,.0f ms to CONNECTED, and the calling thread used %,.0f ms "
                    + "of CPU in them: it %s. `SessionManager.createSession` opens the session's SQLite outbox "
                    + "(`Outboxes.open` → `MessageStore.open`) on the caller's thread while holding the manager's "
                    + "monitor, and a new outbox file costs five `fsync` calls (counted with strace: creating the "
                    + "table and switching the new file to WAL), so sessions are created "
                    + "strictly one after another and connect as they are created (peak %,d connects in flight). ",
                    r.sessions(), r.createMillis(), r.createMillis() / r.sessions(), r.connectAllMillis(),
                    r.createCpuMillis(), r.createCpuMillis() < r.createMillis() / 2 ? "mostly waits, on the disk"
                            : "mostly computes", r.peakParallelConnects()));
        } else {
            md.append(fmt("**Connect time.** The %,d `createSession` calls took %,.0f ms of the %,.0f ms to CONNECTED: "
                    + "creating sessions does not limit it (peak %,d connects in flight). ", r.sessions(),
                    r.createMillis(), r.connectAllMillis(), r.peakParallelConnects()));
        }
        if (memory != null) {
            md.append(fmt("With the in-memory outbox the calls take %,.0f ms, but all %,d sessions are CONNECTED only "
                    + "after %,.0f ms (p50 %,.0f ms per session), with at most %,d connects in flight and the child "
                    + "using %,.0f ms of CPU (%.2f of two cores that the broker and the service share). Thread dumps "
                    + "taken by hand during this burst (jstack, three of three) found all four dmkit event threads in "
                    + "`Thread.start`, called from `PahoConnection.connect` → `MqttAsyncClient.connect` → Paho's "
                    + "`ConnectBG.start`: every connect starts four platform threads (`MQTT Con`, then `Rec`, `Snd`, "
                    + "`Call`), and each start waits until the new thread runs on the busy cores (a start alone takes "
                    + "0.3–0.6 ms on this machine). Those event threads also run every session's state machine and "
                    + "listeners, so during such a burst other sessions' events wait too. ", memory.createMillis(),
                    memory.sessions(), memory.connectAllMillis(), memory.connectMedianMillis(),
                    memory.peakParallelConnects(), memory.connectCpuMillis(),
                    memory.connectCpuMillis() / memory.connectAllMillis()));
        }
        Result one = results.stream().filter(x -> x.sessions() == 1).findFirst().orElse(null);
        if (one != null) {
            md.append(fmt("Paho's own floor shows at N = 1: %,.0f ms to CONNECTED on loopback, of which ≥ 300 ms are "
                    + "the 100 ms polls in `CommsReceiver/CommsSender/CommsCallback.start()` on the connect thread; "
                    + "connects overlap, so this floor does not add up across sessions. ", one.connectMedianMillis()));
        }
        md.append("Proposed fix, in `io.dmkit.core.internal`: open the outbox outside the `SessionManager` monitor and "
                + "off the caller's thread, on a small pool of its own in `CoreExecutors` (not on the four event "
                + "threads, which every session's lane shares): `SessionImpl` holds a `CompletableFuture<Outbox>` that "
                + "the first connect and `sendMessage` chain on, and an outbox that fails to open ends as the "
                + "session's failure state instead of an exception from `createSession`. `createSession` then "
                + "returns at once and several outboxes open at a time, their `fsync` waits overlapping. For the "
                + "same reason `SessionImpl.attempt` could call `Transport.connect` from that pool, so that Paho's "
                + "thread starts do not hold the event lanes.\n");
        List<Result> lostTwins = results.stream().filter(x -> x.twins() < x.sessions()).toList();
        for (Result x : lostTwins) {
            md.append(fmt("\n**Twins not fetched.** With %,d sessions (%s outbox) %,d had no twin 30 s after CONNECTED: "
                    + "their twin requests went unanswered and are retried after the 30 s operation timeout. In the "
                    + "run checked by hand Mosquitto logged \"Outgoing messages are being dropped for client "
                    + "dmkit-service\": in a burst of %,d connects its default `max_queued_messages` (1,000) towards "
                    + "the one service subscriber overflows (the suite's broker now allows 100,000). A limit of the test "
                    + "service's broker, not of the sessions.\n",
                    x.sessions(), outboxName(x), x.sessions() - x.twins(), x.sessions()));
        }
        return md.toString();
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
