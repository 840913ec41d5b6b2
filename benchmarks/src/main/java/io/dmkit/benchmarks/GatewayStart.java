package io.dmkit.benchmarks;

import io.dmkit.testing.LoopbackPorts;
import io.dmkit.testing.Mosquitto;
import io.dmkit.transport.thingspro.protocol.ThingsProTopics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Figure 5: {@code java -jar dmkit-gateway.jar} until the session {@value #SESSION} is CONNECTED, then its
 * resident set size after a few seconds idle, in three kinds of start:
 * <ul>
 * <li>{@link Kind#DEMO}: the jar as it comes, with its embedded emulator and demo session, from a fresh data
 *     directory (a first try of the SDK);</li>
 * <li>{@link Kind#FRESH}: as deployed, {@code --no-emulator}, the session in a configuration file of a fresh
 *     data directory, its broker (a Mosquitto) running already (a device's first boot);</li>
 * <li>{@link Kind#RESTART}: the same data directory started again (every later boot: the framework's cache
 *     and the session's configuration are there).</li>
 * </ul>
 * As deployed, CONNECTED is when the broker delivers the session's online status to a subscriber: what the
 * cloud sees, whatever the gateway still starts after it (its Web Console, its shell). Every kind also
 * records when {@code dm:sessions} in the gateway's shell first shows the session CONNECTED; with the
 * embedded emulator, whose broker is inside the gateway, that is the CONNECTED time.
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
     * One start: milliseconds from the process start to CONNECTED and to the shell showing it, the start
     * time the gateway prints in its banner (its framework and bundles), and RSS/threads at idle.
     */
    record Sample(Kind kind, double connectedMillis, double shellMillis, String banner, double idleRssMib,
            double peakRssMib, long threads) {
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
                samples.add(once(Kind.DEMO, demoArguments(Files.createTempDirectory(work, "gateway-demo-")), null));
                Path deployed = Files.createTempDirectory(work, "gateway-");
                List<String> arguments = deployedArguments(deployed, broker.plainPort());
                samples.add(once(Kind.FRESH, arguments, broker));
                samples.add(once(Kind.RESTART, arguments, broker));
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

    /** @param broker the session's broker, where its online status is watched; null with the emulator */
    private Sample once(Kind kind, List<String> args, Mosquitto broker) throws Exception {
        Map<String, String> environment = Map.of("DMKIT_CONSOLE_USER", "bench",
                "DMKIT_CONSOLE_PASSWORD", "bench-" + UUID.randomUUID());
        try (OnlineStatusWatch watch = broker == null ? null : new OnlineStatusWatch(broker.plainPort())) {
            long started = System.nanoTime();
            try (GatewayProcess gateway = GatewayProcess.start(settings.gatewayJar(), args, environment)) {
                double shell = awaitShellShowsConnected(gateway, started);
                double connected = watch == null ? shell : watch.awaitOnline(started);
                Thread.sleep(IDLE_MILLIS); // idle: what a connected gateway costs when nothing happens
                Sample sample = new Sample(kind, connected, shell, gateway.group(BANNER, 1).orElse("?"),
                        mib(gateway.procStatus("VmRSS").orElse(-1)),
                        mib(gateway.procStatus("VmHWM").orElse(-1)), gateway.procStatus("Threads").orElse(-1));
                System.out.printf("  gateway start (%s): CONNECTED after %.0f ms, in the shell after %.0f ms, "
                        + "idle RSS %.0f MiB%n", kind.description, connected, shell, sample.idleRssMib());
                return sample;
            }
        }
    }

    /**
     * The session's status topic on its broker (docs/protocols/thingspro.md): the first online status
     * published after the watch began is the moment the cloud sees the session CONNECTED. A retained status
     * is the previous start's, and ignored.
     */
    private static final class OnlineStatusWatch implements AutoCloseable {

        private final MqttClient client;
        private final CompletableFuture<Long> online = new CompletableFuture<>();

        OnlineStatusWatch(int brokerPort) throws MqttException {
            client = new MqttClient("tcp://127.0.0.1:" + brokerPort, "bench-watch-" + UUID.randomUUID(),
                    new MemoryPersistence());
            client.connect();
            client.subscribe(ThingsProTopics.withDefaultRoot().status(SESSION), 1, (topic, message) -> {
                if (!message.isRetained()
                        && new String(message.getPayload(), StandardCharsets.UTF_8).contains("\"online\"")) {
                    online.complete(System.nanoTime());
                }
            });
        }

        /** Milliseconds from {@code started} to the online status. */
        double awaitOnline(long started) throws Exception {
            return (online.get(START_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS) - started) / 1e6;
        }

        @Override
        public void close() throws MqttException {
            client.disconnect();
            client.close();
        }
    }

    /** Types {@code dm:sessions} until the session shows CONNECTED; milliseconds since {@code started}. */
    private static double awaitShellShowsConnected(GatewayProcess gateway, long started) throws Exception {
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
