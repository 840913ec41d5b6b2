package io.dmkit.emulator.thingspro;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmkit.testing.Await;
import io.dmkit.testing.ThreadCheck;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** With a clean session the broker forgets subscriptions: the service must make them again. */
class ReconnectTest extends ServiceTestBase {

    /** Short delays: the test waits for the reconnect, and the default backoff may reach 10 s. */
    @Override
    ServiceOptions.Builder serviceOptions() {
        return options().reconnectDelays(Duration.ofMillis(100), Duration.ofSeconds(1));
    }

    @Test
    void afterTheBrokerRestartsTheServiceReconnectsAndResubscribes() throws Exception {
        TestDevice before = onlineDevice("before");
        assertThat(before.twinGet("g1").status()).isEqualTo(200);

        broker.restart();
        Await.until("service reconnected", TIMEOUT, service::isConnected);

        // A device connecting after the restart is served: twin requests are received again, so
        // the subscriptions were made again, and status and telemetry are seen.
        TestDevice after = onlineDevice("after");
        assertThat(after.twinGet("g2").status()).isEqualTo(200);
        after.publish("messages/k=v", "hello");
        Await.until("telemetry after reconnect", TIMEOUT, () -> !service.messages(after.id()).isEmpty());

        // Each connection had a Paho client of its own: closing leaves none of them behind.
        String clientId = service.options().clientId();
        service.close();
        ThreadCheck.awaitNoThreadNamed(LifecycleTest.threadsOf(clientId), TIMEOUT);
    }

    @Test
    void theServiceKeepsTryingWhileTheBrokerIsDown() throws Exception {
        try (LogCapture log = LogCapture.of("io.dmkit.emulator.thingspro.internal.BrokerConnection")) {
            broker.stop();
            String clientId = service.options().clientId();
            log.awaitCount(2, "WARNING", "Reconnect of service " + clientId + " failed", "trying again");
        }
        broker.restart();
        Await.until("service reconnected", TIMEOUT, service::isConnected);
        TestDevice device = onlineDevice("back");
        assertThat(device.twinGet("g").status()).isEqualTo(200);
    }
}
