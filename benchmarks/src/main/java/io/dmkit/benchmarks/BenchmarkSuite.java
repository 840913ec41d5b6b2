package io.dmkit.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The performance suite of issue 8: measures figures 1 (telemetry throughput, with a JMH micro-benchmark
 * of the caller's cost), 2 (dmkit vs the Azure device SDK), 3 (command and desired latency), 4 (scale)
 * and 5 (gateway start) and writes {@code docs/performance.md} and {@code docs/performance.png}. Run it
 * through {@code scripts/bench.sh}, from the repository root.
 *
 * <p>Arguments: {@code --quick} (a tenth of the work, to try the harness), {@code --out DIR},
 * {@code --gateway-jar FILE}, {@code --work DIR}, {@code --figures 1,3} (measure only these, print their
 * rounds, write no report).
 */
public final class BenchmarkSuite {

    private BenchmarkSuite() {
    }

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.fromArgs(args);
        Directories.deleteRecursively(settings.work()); // the last run's brokers, outboxes and gateways (hundreds of MB)
        long started = System.nanoTime();
        Machine machine = Machine.current();
        String loadBefore = Machine.loadAverage();
        System.out.println("dmkit benchmarks on " + machine);

        List<TelemetryThroughput.Result> telemetry = List.of();
        List<Micro.Result> micro = List.of();
        Latency.Result[] latency = {};
        List<Scale.Result> scale = List.of();
        try (BenchCloud cloud = BenchCloud.start(settings.work())) {
            if (settings.measures(1)) {
                System.out.println("figure 1: telemetry throughput");
                telemetry = new TelemetryThroughput(settings, cloud).run();
            }
            if (settings.measures(3)) {
                System.out.println("figure 3: command and desired-patch latency");
                latency = new Latency(settings, cloud).run();
            }
            if (settings.measures(4)) {
                System.out.println("figure 4: scale, 1 to 1,000 sessions in one JVM");
                scale = new Scale(settings, cloud).run();
            }
        }
        if (settings.measures(1)) {
            System.out.println("figure 1, micro: the caller's cost of sendMessage (JMH)");
            micro = new Micro(settings).run();
        }
        List<VendorSdkThroughput.Result> vendor = List.of();
        if (settings.measures(2)) {
            System.out.println("figure 2: telemetry through the emulator's Azure dialect, dmkit vs the Azure device SDK");
            vendor = new VendorSdkThroughput(settings).run();
        }
        List<GatewayStart.Sample> gateway = List.of();
        if (settings.measures(5)) {
            System.out.println("figure 5: gateway start");
            gateway = new GatewayStart(settings).run();
        }
        if (!settings.allFigures()) {
            System.out.println("only figures " + settings.figures() + " measured: docs/performance.md left as it is");
            System.exit(0);
        }

        Duration wall = Duration.ofNanos(System.nanoTime() - started);
        Report report = new Report(machine, settings, telemetry, micro, vendor, latency, scale, gateway, wall,
                loadBefore + " before, " + Machine.loadAverage() + " after");
        Path markdown = settings.out().resolve("performance.md");
        report.write(markdown, Path.of("benchmarks", "performance-notes.md").toAbsolutePath());
        Chart.write(settings.out().resolve("performance.png"), telemetry, latency, vendor);
        System.out.println();
        report.targets().forEach(t -> System.out.printf("  %-50s %-18s %-10s %s%n", t.name(), t.measured(),
                t.verdict(), t.ratioText()));
        System.out.println("wrote " + markdown + " and performance.png in " + wall.toSeconds() + " s");
        // Paho and dmkit threads are closed; the gateway output pumps are daemons
        System.exit(0);
    }
}
