package io.dmkit.faults;

import io.dmkit.api.SessionConfig;
import io.dmkit.emulator.thingspro.ListenerRegistration;
import io.dmkit.emulator.thingspro.ServiceOptions;
import io.dmkit.emulator.thingspro.ThingsProService;
import io.dmkit.testing.FaultProxy;
import io.dmkit.testing.Mosquitto;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The cloud side of a fault test: a real Mosquitto on a free loopback port (plain listener) and the
 * emulator's ThingsPro cloud side connected to it directly, plus any {@link FaultProxy} the test puts
 * between the gateway and the broker. Sessions get short timings, so that faults are noticed and
 * repaired within seconds. Closing it closes the proxies, the service and the broker, in that order.
 */
final class FaultCloud implements AutoCloseable {

    /** The sessions' MQTT keep-alive: short, so that a dead link is noticed within seconds. */
    static final int KEEPALIVE_SECONDS = 2;
    static final Duration RECONNECT_MIN = Duration.ofMillis(100);
    static final Duration RECONNECT_MAX = Duration.ofSeconds(1);

    final Path dir;
    final Mosquitto broker;
    final ThingsProService service;
    /** What this cloud closes before the service and the broker: proxies, listener registrations. */
    private final List<Runnable> owned = new ArrayList<>();

    private FaultCloud(Path dir, Mosquitto broker, ThingsProService service) {
        this.dir = dir;
        this.broker = broker;
        this.service = service;
    }

    /** Starts a broker and the service in a fresh directory named after the test. */
    static FaultCloud start(String name) throws Exception {
        Path dir = Files.createTempDirectory(Files.createDirectories(testDir()), name + "-");
        Mosquitto broker = Mosquitto.builder(dir.resolve("broker")).plainListener().start();
        try {
            // The service comes back quickly after a broker restart: tests wait for it before the gateway.
            ThingsProService service = ThingsProService.connect(ServiceOptions.builder(broker.plainUri())
                    .reconnectDelays(RECONNECT_MIN, RECONNECT_MAX).messageHistoryPerDevice(100).build());
            return new FaultCloud(dir, broker, service);
        } catch (Exception e) {
            broker.close();
            throw e;
        }
    }

    static Path testDir() {
        return Path.of(System.getProperty("dmkit.testdir", "target/fault-cloud")).toAbsolutePath();
    }

    /** A fault proxy in front of the broker, closed with this cloud. */
    FaultProxy proxy() {
        FaultProxy proxy = FaultProxy.start(broker.plainPort());
        owned.add(proxy::close);
        return proxy;
    }

    /** Counts what the service receives from {@code deviceId} from now on. */
    MessageTally tally(String deviceId) {
        MessageTally tally = new MessageTally(deviceId);
        ListenerRegistration r = service.onMessage(tally::onMessage);
        owned.add(r::close);
        return tally;
    }

    /**
     * A plain-TCP ThingsPro session for {@code deviceId} on {@code port} (the broker's, or a proxy's),
     * with the short test timings.
     */
    static SessionConfig.Builder session(String name, String deviceId, int port) {
        return SessionConfig.builder(name).cloudType("thingspro").host("127.0.0.1").port(port)
                .deviceId(deviceId).option("security", "none").keepAliveSeconds(KEEPALIVE_SECONDS)
                .reconnectDelays(RECONNECT_MIN, RECONNECT_MAX)
                .commandTimeout(Duration.ofSeconds(2)).operationTimeout(Duration.ofSeconds(5))
                .connectTimeout(Duration.ofSeconds(3));
    }

    /** A session straight to the broker. */
    SessionConfig.Builder session(String name, String deviceId) {
        return session(name, deviceId, broker.plainPort());
    }

    /** How many lines of the broker's log contain {@code text}. */
    long brokerLogLines(String text) {
        try (var lines = Files.lines(broker.log())) {
            return lines.filter(l -> l.contains(text)).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            owned.forEach(Runnable::run);
        } finally {
            try {
                service.close();
            } finally {
                broker.close();
            }
        }
    }
}
