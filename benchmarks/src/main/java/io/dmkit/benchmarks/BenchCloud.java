package io.dmkit.benchmarks;

import io.dmkit.api.SessionConfig;
import io.dmkit.emulator.thingspro.ServiceOptions;
import io.dmkit.emulator.thingspro.ThingsProService;
import io.dmkit.testing.Mosquitto;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The one broker every figure of a run is measured on (Mosquitto, plain TCP on loopback) and the
 * emulator's ThingsPro cloud side connected to it: the cloud of the dmkit sessions and the raw clients.
 */
final class BenchCloud implements AutoCloseable {

    final Mosquitto broker;
    final ThingsProService service;

    private BenchCloud(Mosquitto broker, ThingsProService service) {
        this.broker = broker;
        this.service = service;
    }

    static BenchCloud start(Path work) throws Exception {
        Path dir = Files.createTempDirectory(Files.createDirectories(work), "broker-");
        Mosquitto broker = Mosquitto.builder(dir).plainListener().start();
        try {
            // a short history: the service keeps what devices send, and the suite sends a lot
            return new BenchCloud(broker, ThingsProService.connect(ServiceOptions.builder(broker.plainUri())
                    .messageHistoryPerDevice(10).build()));
        } catch (Exception e) {
            broker.close();
            throw e;
        }
    }

    /** A plain-TCP ThingsPro session straight to the broker, with the default in-flight window. */
    SessionConfig.Builder session(String name, String deviceId) {
        return SessionConfig.builder(name).cloudType("thingspro").host("127.0.0.1").port(broker.plainPort())
                .deviceId(deviceId).option("security", "none").connectTimeout(Duration.ofSeconds(10));
    }

    @Override
    public void close() {
        try {
            service.close();
        } finally {
            broker.close();
        }
    }
}
