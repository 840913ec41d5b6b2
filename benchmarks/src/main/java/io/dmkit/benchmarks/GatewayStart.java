package io.dmkit.benchmarks;

import io.dmkit.testing.LoopbackPorts;
import io.dmkit.testing.Mosquitto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Figure 5: {@code java -jar dmkit-gateway.jar} until {@code dm:sessions} in its shell shows the session
 * {@value #SESSION} CONNECTED, then its resident set size after a few seconds idle, in three kinds of start:
 * <ul>
 * <li>{@link Kind#DEMO}: the jar as it comes, with its embedded emulator and demo session, from a fresh data
 *     directory (a first try of the SDK);</li>
 * <li>{@link Kind#FRESH}: as deployed, {@code --no-emulator}, the session in a configuration file of a fresh
 *     data directory, its broker (a Mosquitto) running already (a device's first boot);</li>
 * <li>{@link Kind#RESTART}: the same data directory started again (every later boot: the framework's cache
 *     and the session's configuration are there).</li>
 * </ul>
 */
final class GatewayStart {

    /** Which start a sample is. */
    enum Kind {
        DEMO("embedded emulator, fresh data directory"),
        FRESH("no emulator, broker running, fresh data directory"),
        RESTART("no emulator, broker running, restart");

        final String description;

        Kind(String description) {
            this.description = description;
        }
    }

    /**
     * One start: milliseconds from the process start to CONNECTED, the start time the gateway prints in
     * its banner (its framework and bundles, before the session connects), and RSS/threads at idle.
     */
    record Sample(Kind kind, double connectedMillis, String banner, double idleRssMib, double peakRssMib,
            long threads) {
    }

    static final String SESSION = "gateway-demo";

    private static final Pattern BANNER = Pattern.compile("dmkit gateway is running \\(started in ([0-9.]+) s\\)");
    private static final Pattern SESSIONS_HEADER = Pattern.compile("NAME\\s+CLOUD\\s+STATUS\\s+REASON\\s+SINCE");
    private static final Pattern DEMO_CONNECTED = Pattern.compile("(?m)^gateway-demo\\s+thingspro\\s+CONNECTED\\s");
    private static final long START_TIMEOUT_MILLIS = 120_000;
    /** How long the gateway idles, connected, before its RSS is read. */
    private static final long IDLE_MILLIS = 5_000;

    private final Settings settings;

    GatewayStart(Settings settings) {
        this.settings = settings;
    }

    /** Starts of each kind, interleaved: demo, fresh, restart, demo, fresh, restart, ... */
    List<Sample> run() throws Exception {
        List<Sample> samples = new ArrayList<>();
        Path work = Files.createDirectories(settings.work());
        try (Mosquitto broker = Mosquitto.builder(Files.createTempDirectory(work, "gateway-broker-")).plainListener()
                .start()) {
            for (int i = 0; i < settings.gatewayStarts(); i++) {
                samples.add(once(Kind.DEMO, demoArguments(Files.createTempDirectory(work, "gateway-demo-"))));
                Path deployed = Files.createTempDirectory(work, "gateway-");
                List<String> arguments = deployedArguments(deployed, broker.plainPort());
                samples.add(once(Kind.FRESH, arguments));
                samples.add(once(Kind.RESTART, arguments));
            }
        }
        return samples;
    }

    private static List<String> demoArguments(Path dir) {
        return List.of("--data", dir.resolve("data").toString(), "--http-port", freePort(),
                "--emulator-mqtt-port", freePort(), "--emulator-mqtt-tls-port", freePort(),
                "--emulator-wss-port", freePort(), "--emulator-http-port", freePort(), "--shell", "on");
    }

    /** A gateway as deployed: no emulator, the session in a configuration file, as README's "Configure a session". */
    private static List<String> deployedArguments(Path dir, int brokerPort) throws IOException {
        Path data = dir.resolve("data");
        Path config = Files.createDirectories(data.resolve("config"));
        Files.writeString(config.resolve("io.dmkit.session-" + SESSION + ".cfg"), String.join("\n",
                "name = " + SESSION, "cloud.type = thingspro", "host = localhost", "port = " + brokerPort,
                "device.id = " + SESSION, "security = none", ""));
        return List.of("--data", data.toString(), "--http-port", freePort(), "--no-emulator",
                "--shell", "on");
    }

    private Sample once(Kind kind, List<String> args) throws Exception {
        Map<String, String> environment = Map.of("DMKIT_CONSOLE_USER", "bench",
                "DMKIT_CONSOLE_PASSWORD", "bench-" + UUID.randomUUID());
        long started = System.nanoTime();
        try (GatewayProcess gateway = GatewayProcess.start(settings.gatewayJar(), args, environment)) {
            double connected = awaitConnected(gateway, started);
            Thread.sleep(IDLE_MILLIS); // idle: what a connected gateway costs when nothing happens
            Sample sample = new Sample(kind, connected, gateway.group(BANNER, 1).orElse("?"),
                    mib(gateway.procStatus("VmRSS").orElse(-1)),
                    mib(gateway.procStatus("VmHWM").orElse(-1)), gateway.procStatus("Threads").orElse(-1));
            System.out.printf("  gateway start (%s): CONNECTED after %.0f ms, idle RSS %.0f MiB%n", kind.description,
                    sample.connectedMillis(), sample.idleRssMib());
            return sample;
        }
    }

    /** Types {@code dm:sessions} until the session shows CONNECTED; milliseconds since {@code started}. */
    private static double awaitConnected(GatewayProcess gateway, long started) throws Exception {
        // the shell reads standard input only once the banner is out; lines typed earlier would pile up
        if (!gateway.find(BANNER, 0, START_TIMEOUT_MILLIS)) {
            throw new IllegalStateException("the gateway did not start; it printed:\n" + gateway.tail(40));
        }
        while (true) {
            int from = gateway.mark();
            gateway.type("dm:sessions");
            // before Gogo runs, typed lines wait in the pipe; each answer comes once it does
            if (gateway.find(SESSIONS_HEADER, from, 500) && gateway.find(DEMO_CONNECTED, from, 20)) {
                return (System.nanoTime() - started) / 1e6;
            }
            if (!gateway.isAlive() || (System.nanoTime() - started) / 1e6 > START_TIMEOUT_MILLIS) {
                throw new IllegalStateException(SESSION + " not CONNECTED; the gateway printed:\n"
                        + gateway.tail(40));
            }
            Thread.sleep(20);
        }
    }

    private static double mib(long kib) {
        return kib < 0 ? Double.NaN : kib / 1024.0;
    }

    private static String freePort() {
        return String.valueOf(LoopbackPorts.free());
    }
}
