package io.dmkit.emulator.internal.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.dmkit.emulator.AuthKind;
import io.dmkit.emulator.CommandResult;
import io.dmkit.emulator.Device;
import io.dmkit.emulator.Dialect;
import io.dmkit.emulator.internal.cloud.CloudLink;
import io.dmkit.emulator.internal.cloud.ConnectionTracker;
import io.dmkit.emulator.internal.cloud.InboundPublish;
import io.dmkit.emulator.internal.cloud.Json;
import io.dmkit.emulator.internal.cloud.TelemetryLog;
import io.dmkit.fuzz.WireInput;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * The emulator's IoT Hub side given whatever a device publishes (input format: {@link WireInput}):
 * telemetry with its property bag, twin GETs, reported patches, and the answer to a direct method that
 * is waiting (its {@code $rid} is {@code 1}, the first the dialect issues). The dialect answers, records
 * or ignores it, and never throws on the broker's thread; a method answer it takes is shown to the REST
 * API as one strict JSON value.
 */
class AzureDialectInboundFuzzTest {

    private static final Device DEVICE = new Device("dev-1", Dialect.AZURE, AuthKind.NONE, null, null, null, null);
    /** Runs the twin answers on the calling thread, so that what they throw reaches the fuzzer. */
    private static final ScheduledThreadPoolExecutor EXECUTOR = new ScheduledThreadPoolExecutor(1) {
        @Override
        public void execute(Runnable command) {
            command.run();
        }
    };

    static {
        EXECUTOR.setRemoveOnCancelPolicy(true);
    }

    @FuzzTest
    void devicePublishes(byte[] input) {
        WireInput wire = WireInput.of(input);
        ConnectionTracker connections = new ConnectionTracker(Clock.systemUTC());
        connections.connected(DEVICE.id(), 1, DEVICE.id());
        AzureDialect dialect = new AzureDialect(new AcceptingLink(), EXECUTOR, new TelemetryLog(), connections,
                Clock.systemUTC(), Duration.ZERO);
        CompletableFuture<CommandResult> method = dialect.invoke(DEVICE, "reboot", null, Duration.ofMinutes(1));

        dialect.inbound(DEVICE, DEVICE.id(), new InboundPublish(wire.topic(), wire.payload(), 1, wire.retained(),
                List.of(), Optional.empty(), Optional.ofNullable(wire.messageExpirySeconds())));

        if (method.isDone()) {
            String shown = method.join().payloadJson();
            if (shown != null) {
                assertThat(Json.parseStrict(shown)).as("the API shows strict JSON").isPresent();
            }
        }
        dialect.close();
    }

    /** The broker's side: every client is subscribed, every publish delivered. */
    private static final class AcceptingLink implements CloudLink {
        @Override
        public CompletableFuture<Boolean> publishToClient(String clientId, String topic, byte[] payload, int qos) {
            return CompletableFuture.completedFuture(true);
        }

        @Override
        public CompletableFuture<Void> publish(String topic, byte[] payload, int qos,
                List<Map.Entry<String, String>> userProperties, long messageExpirySeconds) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Boolean> disconnect(String clientId) {
            return CompletableFuture.completedFuture(true);
        }
    }
}
