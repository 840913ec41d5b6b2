package io.dmkit.transport.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.dmkit.api.ConnectionReason;
import io.dmkit.api.spi.TransportException;
import io.dmkit.testing.Await;
import io.dmkit.testing.Mosquitto;
import io.dmkit.testing.ThreadCheck;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@link MqttConnection} does whichever MQTT version's {@link PahoClient} it drives, against a real
 * Mosquitto (2.0: MQTT 3.1.1 and 5). A subclass per version says how its messages are made.
 *
 * @param <M> the version's message type
 */
public abstract class MqttConnectionContract<M> {

    protected static final Duration WAIT = Duration.ofSeconds(10);
    /** The MQTT 3.1.1 window asked for; MQTT 5 takes the server's Receive Maximum instead. */
    protected static final int MAX_INFLIGHT = 4;

    @TempDir
    static Path dir;
    protected static Mosquitto broker;
    protected static ScheduledExecutorService scheduler;

    protected final BlockingQueue<M> received = new LinkedBlockingQueue<>();
    private final AtomicReference<MqttReasons.Diagnosis> lost = new AtomicReference<>();
    private final AtomicInteger losses = new AtomicInteger();
    private MqttConnection<M> connection;

    /** The version: {@code Mqtt3Client::new} or {@code Mqtt5Client::new}. */
    protected abstract PahoClient.Factory<M> clients();

    /** A QoS 1 message that is not retained. */
    protected abstract M message(byte[] payload);

    protected abstract byte[] payload(M message);

    /** What {@link MqttConnection#inFlightWindow()} is once connected to Mosquitto with {@link #MAX_INFLIGHT}. */
    protected abstract int expectedInFlightWindow();

    @BeforeAll
    static void startBroker() {
        // Mosquitto 2.0 grants every subscription (it applies its ACL on delivery): a refused SUBACK
        // cannot be provoked here.
        broker = Mosquitto.builder(dir.resolve("broker")).plainListener().start();
        scheduler = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
        scheduler.shutdownNow();
    }

    @AfterEach
    void close() {
        if (connection != null) {
            connection.close();
        }
    }

    protected MqttConnection<M> connection(List<String> subscriptions) {
        ConnectSettings settings = ConnectSettings.builder(broker.plainUri(), "c-" + System.nanoTime())
                .keepAliveSeconds(5).connectTimeout(Duration.ofSeconds(5)).maxInflight(MAX_INFLIGHT)
                .subscriptions(subscriptions).build();
        connection = new MqttConnection<>("test", () -> settings, scheduler, clients(), new MqttConnection.Handler<M>() {
            @Override
            public void messageArrived(String topic, M message) {
                received.add(message);
            }

            @Override
            public void connectionLost(MqttReasons.Diagnosis diagnosis) {
                lost.set(diagnosis);
                losses.incrementAndGet();
            }
        });
        return connection;
    }

    @Test
    void aBurstBeyondTheInFlightWindowWaitsForFreeSlotsAndLosesNothing() throws Exception {
        MqttConnection<M> c = connection(List.of("allowed/burst"));
        c.connect().get(10, TimeUnit.SECONDS);
        assertThat(c.inFlightWindow()).isEqualTo(expectedInFlightWindow());

        int burst = 5 * c.inFlightWindow();
        List<CompletableFuture<Integer>> sent = new ArrayList<>();
        for (int i = 0; i < burst; i++) {
            sent.add(c.publish("allowed/burst", message(("m" + i).getBytes(StandardCharsets.UTF_8))));
        }
        for (CompletableFuture<Integer> f : sent) {
            assertThat(f.get(10, TimeUnit.SECONDS)).as("PUBACK reason code").isZero();
        }
        List<String> payloads = new ArrayList<>();
        for (int i = 0; i < burst; i++) {
            M m = received.poll(10, TimeUnit.SECONDS);
            assertThat(m).as("message %d of %d", i, burst).isNotNull();
            payloads.add(new String(payload(m), StandardCharsets.UTF_8));
        }
        assertThat(payloads).hasSize(burst).contains("m0", "m" + (burst - 1));
    }

    @Test
    void publishWhileNotConnectedFailsWith503() {
        MqttConnection<M> c = connection(List.of());

        Throwable failure = catchThrowable(() -> c.publish("allowed/x", message(new byte[0])).get());
        assertThat(failure.getCause()).isInstanceOfSatisfying(TransportException.class,
                e -> assertThat(e.status()).isEqualTo(503));
    }

    @Test
    void lostConnectionIsReportedOnceAndTheNextAttemptSaysNoNetwork() throws Exception {
        MqttConnection<M> c = connection(List.of("allowed/x"));
        c.connect().get(10, TimeUnit.SECONDS);
        try {
            broker.stop();
            Await.until("connection lost", WAIT, () -> lost.get() != null);
            assertThat(lost.get().reason()).isEqualTo(ConnectionReason.COMMUNICATION_ERROR);
            assertThat(c.isConnected()).isFalse();

            Throwable failure = catchThrowable(() -> c.connect().get(10, TimeUnit.SECONDS));
            assertThat(((TransportException) failure.getCause()).reason()).isEqualTo(ConnectionReason.NO_NETWORK);
            assertThat(losses.get()).as("a failed attempt is not a loss").isEqualTo(1);
        } finally {
            broker.restart();
        }
    }

    @Test
    void aUriPahoRefusesFailsTheAttempt() {
        ConnectSettings settings = ConnectSettings.builder("nonsense://localhost:1", "bad-uri").build();
        connection = new MqttConnection<>("test", () -> settings, scheduler, clients(), new MqttConnection.Handler<M>() {
            @Override
            public void messageArrived(String topic, M message) {
            }

            @Override
            public void connectionLost(MqttReasons.Diagnosis diagnosis) {
            }
        });

        Throwable failure = catchThrowable(() -> connection.connect().get(10, TimeUnit.SECONDS));
        assertThat(failure.getCause()).isInstanceOf(TransportException.class)
                .hasRootCauseInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void disconnectAndCloseEndEveryPahoThread() throws Exception {
        MqttConnection<M> first = connection(List.of("allowed/x"));
        first.connect().get(10, TimeUnit.SECONDS);
        first.disconnect().get(10, TimeUnit.SECONDS);
        first.connect().get(10, TimeUnit.SECONDS);
        first.close();

        ThreadCheck.awaitNoThreadNamed(name -> name.startsWith("MQTT") || name.startsWith("dmkit-mqtt-close"), WAIT);
        assertThat(losses.get()).as("a disconnect is not a loss").isZero();
    }
}
