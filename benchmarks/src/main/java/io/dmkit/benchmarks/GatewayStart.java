package io.dmkit.benchmarks;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Figure 5: {@code java -jar dmkit-gateway.jar} (with its embedded emulator and demo session) until
 * {@code dm:sessions} in its shell shows the demo session CONNECTED, then its resident set size after a
 * few seconds idle. Each start has a fresh data directory, as a first start on a device would.
 */
final class GatewayStart {

    /**
     * One start: milliseconds from the process start to CONNECTED, the start time the gateway prints in
     * its banner (its framework and bundles, before the session connects), and RSS/threads at idle.
     */
    record Sample(double connectedMillis, String banner, double idleRssMib, double peakRssMib, long threads) {
    }

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

    List<Sample> run() throws Exception {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < settings.gatewayStarts(); i++) {
            samples.add(once(Files.createTempDirectory(Files.createDirectories(settings.work()), "gateway-")));
            System.out.printf("  gateway start %d: CONNECTED after %.0f ms, idle RSS %.0f MiB%n", i,
                    samples.get(i).connectedMillis(), samples.get(i).idleRssMib());
        }
        return samples;
    }

    private Sample once(Path dir) throws Exception {
        List<Integer> ports = freePorts(5);
        List<String> args = List.of("--data", dir.resolve("data").toString(), "--http-port", str(ports.get(0)),
                "--emulator-mqtt-port", str(ports.get(1)), "--emulator-mqtt-tls-port", str(ports.get(2)),
                "--emulator-wss-port", str(ports.get(3)), "--emulator-http-port", str(ports.get(4)), "--shell", "on");
        Map<String, String> environment = Map.of("DMKIT_CONSOLE_USER", "bench",
                "DMKIT_CONSOLE_PASSWORD", "bench-" + UUID.randomUUID());
        long started = System.nanoTime();
        try (GatewayProcess gateway = GatewayProcess.start(settings.gatewayJar(), args, environment)) {
            double connected = awaitDemoConnected(gateway, started);
            Thread.sleep(IDLE_MILLIS); // idle: what a connected gateway costs when nothing happens
            return new Sample(connected, gateway.group(BANNER, 1).orElse("?"),
                    mib(gateway.procStatus("VmRSS").orElse(-1)),
                    mib(gateway.procStatus("VmHWM").orElse(-1)), gateway.procStatus("Threads").orElse(-1));
        }
    }

    /** Types {@code dm:sessions} until the demo session shows CONNECTED; milliseconds since {@code started}. */
    private static double awaitDemoConnected(GatewayProcess gateway, long started) throws Exception {
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
                throw new IllegalStateException("gateway-demo not CONNECTED; the gateway printed:\n"
                        + gateway.tail(40));
            }
            Thread.sleep(20);
        }
    }

    private static double mib(long kib) {
        return kib < 0 ? Double.NaN : kib / 1024.0;
    }

    private static String str(int port) {
        return String.valueOf(port);
    }

    private static List<Integer> freePorts(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            }
            return sockets.stream().map(ServerSocket::getLocalPort).toList();
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }
}
