package io.dmkit.benchmarks;

import io.dmkit.api.DmMessage;
import io.dmkit.api.DmResult;
import io.dmkit.api.DmSession;
import io.dmkit.api.SessionConfig;
import io.dmkit.core.DmKit;
import io.dmkit.testing.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Figure 1: QoS 1 telemetry throughput of {@code sendMessage}, in-memory and persistent outbox, beside
 * raw Paho publishing the same payloads with the same in-flight window to the same broker. Each round
 * runs the three back to back, in an order that rotates from round to round, so that drift (JIT, the
 * page cache, a neighbour's load) falls on all three alike; the figure is the median of per-round values.
 */
final class TelemetryThroughput {

    /** One payload size: messages per second of each path, one value per timed round. */
    record Result(int payloadBytes, int messagesPerRound, int window, List<Double> raw, List<Double> memory,
            List<Double> persistent) {

        double memoryRatio() {
            return Stats.median(Stats.ratios(memory, raw));
        }

        double persistentRatio() {
            return Stats.median(Stats.ratios(persistent, raw));
        }
    }

    private static final Duration CONNECT = Duration.ofSeconds(30);

    private final Settings settings;
    private final BenchCloud cloud;

    TelemetryThroughput(Settings settings, BenchCloud cloud) {
        this.settings = settings;
        this.cloud = cloud;
    }

    List<Result> run() throws Exception {
        Path data = Files.createTempDirectory(Files.createDirectories(settings.work()), "outbox-");
        int window = SessionConfig.INFLIGHT_MAX.defaultValue().orElseThrow();
        List<Result> results = new ArrayList<>();
        try (DmKit dm = DmKit.builder().discoverTransports().dataDirectory(data).build();
                RawPublisher raw = new RawPublisher(cloud.broker.plainUri(), "bench-raw", window)) {
            int capacity = Math.max(settings.smallMessages(), settings.largeMessages());
            long bytes = (long) capacity * Settings.LARGE_PAYLOAD * 2;
            DmSession memory = connected(dm.createSession(cloud.session("bench-memory", "bench-memory")
                    .outbox(SessionConfig.Outbox.MEMORY).queueCapacity(capacity).queueMaxBytes(bytes)
                    .inflightMax(window).build()));
            DmSession persistent = connected(dm.createSession(cloud.session("bench-persistent", "bench-persistent")
                    .outbox(SessionConfig.Outbox.PERSISTENT).queueCapacity(capacity).queueMaxBytes(bytes)
                    .inflightMax(window).build()));
            results.add(measure(Settings.SMALL_PAYLOAD, settings.smallMessages(), window, raw, memory, persistent));
            results.add(measure(Settings.LARGE_PAYLOAD, settings.largeMessages(), window, raw, memory, persistent));
        }
        return results;
    }

    private Result measure(int size, int count, int window, RawPublisher raw, DmSession memory, DmSession persistent)
            throws Exception {
        byte[] payload = new byte[size];
        Arrays.fill(payload, (byte) 'x');
        List<Double> rawRates = new ArrayList<>();
        List<Double> memoryRates = new ArrayList<>();
        List<Double> persistentRates = new ArrayList<>();
        for (int round = 0; round <= settings.rounds(); round++) {
            double[] rates = new double[3]; // raw, memory, persistent
            for (int slot = 0; slot < 3; slot++) {
                int path = (slot + round) % 3;
                rates[path] = switch (path) {
                    case 0 -> raw.publish("dm/bench-raw/messages", payload, count);
                    case 1 -> send(memory, payload, count);
                    default -> send(persistent, payload, count);
                };
            }
            boolean warmUp = round == 0;
            System.out.printf("  telemetry %d B round %d%s: raw %.0f, memory %.0f, persistent %.0f msg/s%n", size,
                    round, warmUp ? " (warm-up)" : "", rates[0], rates[1], rates[2]);
            if (!warmUp) {
                rawRates.add(rates[0]);
                memoryRates.add(rates[1]);
                persistentRates.add(rates[2]);
            }
        }
        return new Result(size, count, window, rawRates, memoryRates, persistentRates);
    }

    /**
     * Calls {@code sendMessage} {@code count} times, as fast as the caller can, and waits until the
     * broker acknowledged every one.
     *
     * @return messages per second, from the first call to the last acknowledgement
     */
    static double send(DmSession session, byte[] payload, int count) throws Exception {
        DmMessage message = DmMessage.builder(payload).build();
        @SuppressWarnings("unchecked")
        CompletableFuture<DmResult>[] results = new CompletableFuture[count];
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            results[i] = session.sendMessage(message).toCompletableFuture();
        }
        CompletableFuture.allOf(results).get(5, TimeUnit.MINUTES);
        long elapsed = System.nanoTime() - start;
        for (CompletableFuture<DmResult> r : results) {
            if (!r.join().isAccepted()) {
                throw new IllegalStateException(session.name() + ": a message was not accepted: " + r.join());
            }
        }
        return count / (elapsed / 1e9);
    }

    private static DmSession connected(DmSession session) {
        Await.until(session.name() + " CONNECTED", CONNECT, () -> session.state().isConnected());
        return session;
    }
}
