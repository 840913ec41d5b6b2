package io.dmkit.benchmarks;

import io.dmkit.api.CommandResponse;
import io.dmkit.api.DmSession;
import io.dmkit.api.TwinUpdate;
import io.dmkit.core.DmKit;
import io.dmkit.emulator.thingspro.CommandResult;
import io.dmkit.emulator.thingspro.ThingsProService;
import io.dmkit.testing.Await;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Figure 3, on loopback through Mosquitto: the command round trip (service invoke, broker, device,
 * handler, reply, broker, service) and the desired-patch latency (service update, broker, the device's
 * twin listener). Driven by the emulator's ThingsPro cloud side directly, not its REST API, so that
 * the figure is dmkit's and the broker's, not an HTTP stack's. Each dmkit sample is paired with one of
 * a {@link RawDevice} (Paho alone) taken right after it on the same broker: the raw figure is the floor.
 */
final class Latency {

    /** Round-trip or one-way times in microseconds, dmkit and raw, one pair per sample. */
    record Result(String name, double[] dmkitMicros, double[] rawMicros) {

        double dmkit(double percentile) {
            return Stats.percentile(dmkitMicros, percentile);
        }

        double raw(double percentile) {
            return Stats.percentile(rawMicros, percentile);
        }
    }

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final Settings settings;
    private final BenchCloud cloud;

    Latency(Settings settings, BenchCloud cloud) {
        this.settings = settings;
        this.cloud = cloud;
    }

    Result[] run() throws Exception {
        try (DmKit dm = DmKit.open(); RawDevice raw = new RawDevice(cloud.broker.plainUri(), "bench-rawdev")) {
            DmSession session = dm.createSession(cloud.session("bench-latency", "bench-dmkit").build());
            session.setCommandHandler(request -> CommandResponse.of(200, request.payload()));
            BlockingQueue<RawDevice.Arrival> patches = new LinkedBlockingQueue<>();
            session.addTwinListener((s, update) -> {
                if (update.kind() == TwinUpdate.Kind.PARTIAL) {
                    patches.add(new RawDevice.Arrival(update.version(), System.nanoTime()));
                }
            });
            Await.until("bench-latency CONNECTED with its twin", Duration.ofSeconds(30),
                    () -> session.state().isConnected() && session.twin().isPresent());
            Await.until("both devices online at the service", Duration.ofSeconds(30),
                    () -> cloud.service.isOnline("bench-dmkit") && cloud.service.isOnline("bench-rawdev"));

            int samples = settings.commandSamples();
            double[] dmkitCommand = new double[samples];
            double[] rawCommand = new double[samples];
            for (int i = -warmUp(samples); i < samples; i++) {
                String payload = "{\"n\":" + i + "}";
                double d = command(cloud.service, "bench-dmkit", payload);
                double r = command(cloud.service, "bench-rawdev", payload);
                if (i >= 0) {
                    dmkitCommand[i] = d;
                    rawCommand[i] = r;
                }
            }
            samples = settings.desiredSamples();
            double[] dmkitDesired = new double[samples];
            double[] rawDesired = new double[samples];
            for (int i = -warmUp(samples); i < samples; i++) {
                String patch = "{\"setpoint\":" + i + "}";
                double d = desired(cloud.service, "bench-dmkit", patch, patches);
                double r = desired(cloud.service, "bench-rawdev", patch, raw.desired);
                if (i >= 0) {
                    dmkitDesired[i] = d;
                    rawDesired[i] = r;
                }
            }
            return new Result[] {new Result("command round trip", dmkitCommand, rawCommand),
                    new Result("desired patch to listener", dmkitDesired, rawDesired)};
        }
    }

    private static int warmUp(int samples) {
        return Math.max(20, samples / 4);
    }

    /** One command to {@code deviceId}; the time until the service has the reply, in microseconds. */
    private static double command(ThingsProService service, String deviceId, String payload) throws Exception {
        long start = System.nanoTime();
        CommandResult result = service.invoke(deviceId, "echo", payload, WAIT).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        long elapsed = System.nanoTime() - start;
        if (result.status() != 200 || !result.payloadAsString().equals(payload)) {
            throw new IllegalStateException(deviceId + " answered " + result);
        }
        return elapsed / 1e3;
    }

    /** One desired patch for {@code deviceId}; the time until it is in {@code arrivals}, in microseconds. */
    private static double desired(ThingsProService service, String deviceId, String patch,
            BlockingQueue<RawDevice.Arrival> arrivals) throws InterruptedException {
        long start = System.nanoTime();
        long version = service.updateDesired(deviceId, patch);
        while (true) {
            RawDevice.Arrival arrival = arrivals.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            if (arrival == null) {
                throw new IllegalStateException(deviceId + " never received desired version " + version);
            }
            if (arrival.version() == version) {
                return (arrival.nanos() - start) / 1e3;
            }
        }
    }
}
