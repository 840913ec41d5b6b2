package io.dmkit.emulator.thingspro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dmkit.testing.ThreadCheck;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** Connecting, closing, and the threads and requests close() must not leave behind. */
class LifecycleTest extends ServiceTestBase {

    /**
     * Paho's threads ("MQTT Rec: id", "MQTT Snd: id", "MQTT Call: id", "MQTT Ping: id", ...), ours, and
     * those the shared MqttConnection starts to release a client ("dmkit-mqtt-close: service id").
     */
    static Predicate<String> threadsOf(String clientId) {
        return name -> name.startsWith("MQTT") && name.endsWith(": " + clientId)
                || name.startsWith("dmkit-service-" + clientId)
                || name.equals("dmkit-mqtt-close: service " + clientId);
    }

    @Test
    void closeLeavesNoPahoThreadsAndNoThreadsOfItsOwn() throws Exception {
        ServiceOptions options = options().build();
        ThingsProService closing = ThingsProService.connect(options);
        // Exercise every thread the service may start: events, completions, timer.
        TestDevice device = device("threads").online();
        assertThat(closing.awaitOnline(device.id(), TIMEOUT)).isTrue();
        CompletableFuture<CommandResult> timedOut = closing.invoke(device.id(), "op", "", Duration.ofMillis(50));
        assertThat(timedOut.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).status()).isEqualTo(504);
        assertThat(ThreadCheck.snapshot()).extracting(Thread::getName)
                .as("the check below looks for these names").anyMatch(threadsOf(options.clientId()));

        closing.close();

        assertThat(closing.isConnected()).isFalse();
        ThreadCheck.awaitNoThreadNamed(threadsOf(options.clientId()), TIMEOUT);
    }

    @Test
    void closeAnswersPendingCommands503AndLaterInvokesToo() throws Exception {
        ThingsProService closing = ThingsProService.connect(options().build());
        TestDevice device = device("pending").online();
        assertThat(closing.awaitOnline(device.id(), TIMEOUT)).isTrue();
        CompletableFuture<CommandResult> pending = closing.invoke(device.id(), "op", "", Duration.ofMinutes(5));
        device.await("the request", r -> r.topic().contains("/commands/req/op/"));

        closing.close();

        CommandResult result = pending.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(result.status()).isEqualTo(503);
        assertThat(result.payloadAsString()).contains("closed");
        assertThat(closing.invoke(device.id(), "op", "", Duration.ofSeconds(1)).getNow(null).status()).isEqualTo(503);
        closing.close(); // idempotent
    }

    @Test
    void connectFailsWithAReasonWhenNothingListensAndLeavesNoThreads() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        String clientId = "svc-refused";
        ServiceOptions options = ServiceOptions.builder("tcp://127.0.0.1:" + port).clientId(clientId)
                .connectTimeout(Duration.ofSeconds(5)).build();
        assertThatThrownBy(() -> ThingsProService.connect(options))
                .isInstanceOf(ServiceConnectException.class)
                .hasMessageContaining("cannot connect to tcp://127.0.0.1:" + port);
        ThreadCheck.awaitNoThreadNamed(threadsOf(clientId), TIMEOUT);
    }

    @Test
    void connectGivesUpAfterTheTimeoutWhenTheBrokerNeverAnswers() throws Exception {
        ServerSocket mute = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        try {
            Thread acceptor = new Thread(() -> {
                try (Socket held = mute.accept()) {
                    held.getInputStream().readAllBytes(); // hold the connection, never send CONNACK
                } catch (IOException e) {
                    // closed by the test
                }
            }, "mute-broker");
            acceptor.start();
            String clientId = "svc-mute";
            ServiceOptions options = ServiceOptions.builder("tcp://127.0.0.1:" + mute.getLocalPort())
                    .clientId(clientId).connectTimeout(Duration.ofMillis(1500)).build();
            long start = System.nanoTime();
            assertThatThrownBy(() -> ThingsProService.connect(options)).isInstanceOf(ServiceConnectException.class);
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(tookMs).isBetween(1400L, 10_000L);
            ThreadCheck.awaitNoThreadNamed(threadsOf(clientId), TIMEOUT);
            mute.close(); // ends the acceptor's accept() or read
            acceptor.join(TIMEOUT.toMillis());
            assertThat(acceptor.isAlive()).isFalse();
        } finally {
            mute.close();
        }
    }

    @Test
    void optionsNeverShowThePassword() {
        ServiceOptions options = ServiceOptions.builder("tcp://127.0.0.1:1883")
                .credentials("dmkit-service", "s3cret-pw".toCharArray()).build();
        assertThat(options.toString()).doesNotContain("s3cret-pw").contains("***");
    }
}
