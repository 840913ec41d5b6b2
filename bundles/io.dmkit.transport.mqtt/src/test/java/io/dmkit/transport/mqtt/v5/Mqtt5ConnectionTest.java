package io.dmkit.transport.mqtt.v5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.dmkit.api.ConnectionReason;
import io.dmkit.api.spi.TransportException;
import io.dmkit.testing.Await;
import io.dmkit.testing.Mosquitto;
import io.dmkit.testing.ThreadCheck;
import io.dmkit.transport.mqtt.ConnectSettings;
import io.dmkit.transport.mqtt.MqttReasons;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MQTT 5 connection against a real Mosquitto (2.0, MQTT 5): properties both ways, reason codes, threads. */
class Mqtt5ConnectionTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    static Path dir;
    static Mosquitto broker;
    static ScheduledExecutorService scheduler;

    private final BlockingQueue<MqttMessage> received = new LinkedBlockingQueue<>();
    private final AtomicReference<MqttReasons.Diagnosis> lost = new AtomicReference<>();
    private final AtomicInteger losses = new AtomicInteger();
    private Mqtt5Connection connection;

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

    private Mqtt5Connection connection(List<String> subscriptions) {
        ConnectSettings settings = ConnectSettings.builder(broker.plainUri(), "v5-" + System.nanoTime())
                .keepAliveSeconds(5).connectTimeout(Duration.ofSeconds(5)).subscriptions(subscriptions).build();
        connection = new Mqtt5Connection("test", () -> settings, scheduler, new Mqtt5Connection.Handler() {
            @Override
            public void messageArrived(String topic, MqttMessage message) {
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
    void userPropertiesAndMessageExpiryTravelWithThePublish() throws Exception {
        Mqtt5Connection c = connection(List.of("allowed/echo"));
        c.connect().get(10, TimeUnit.SECONDS);

        MqttProperties properties = new MqttProperties();
        properties.setUserProperties(List.of(new UserProperty("unit", "C"), new UserProperty("site", "Zürich")));
        properties.setMessageExpiryInterval(30L);
        int code = c.publish("allowed/echo", new MqttMessage("21.5".getBytes(StandardCharsets.UTF_8), 1, false,
                properties)).get(10, TimeUnit.SECONDS);

        assertThat(Mqtt5Reasons.publishStatus(code)).isZero();
        MqttMessage echo = received.poll(10, TimeUnit.SECONDS);
        assertThat(echo).isNotNull();
        assertThat(new String(echo.getPayload(), StandardCharsets.UTF_8)).isEqualTo("21.5");
        assertThat(echo.getProperties().getUserProperties()).containsExactly(new UserProperty("unit", "C"),
                new UserProperty("site", "Zürich"));
        assertThat(echo.getProperties().getMessageExpiryInterval()).isBetween(1L, 30L);
    }

    @Test
    void publishNobodyIsSubscribedToIsStillAccepted() throws Exception {
        Mqtt5Connection c = connection(List.of());
        c.connect().get(10, TimeUnit.SECONDS);

        int code = c.publish("allowed/nobody", new MqttMessage(new byte[] {1}, 1, false, new MqttProperties()))
                .get(10, TimeUnit.SECONDS);
        assertThat(Mqtt5Reasons.publishStatus(code)).as("PUBACK %s", Mqtt5Reasons.describe(code)).isZero();
    }

    @Test
    void theServersReceiveMaximumIsKnownOnceConnected() throws Exception {
        Mqtt5Connection c = connection(List.of());
        c.connect().get(10, TimeUnit.SECONDS);

        assertThat(c.receiveMaximum()).as("mosquitto's max_inflight_messages").isEqualTo(20);
    }

    @Test
    void publishWhileNotConnectedFailsWith503() {
        Mqtt5Connection c = connection(List.of());

        Throwable failure = catchThrowable(() -> c.publish("allowed/x", new MqttMessage(new byte[0])).get());
        assertThat(failure.getCause()).isInstanceOfSatisfying(TransportException.class,
                e -> assertThat(e.status()).isEqualTo(503));
    }

    @Test
    void lostConnectionIsReportedOnceAndTheNextAttemptSaysNoNetwork() throws Exception {
        Mqtt5Connection c = connection(List.of("allowed/x"));
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
    void disconnectAndCloseEndEveryPahoThread() throws Exception {
        Mqtt5Connection first = connection(List.of("allowed/x"));
        first.connect().get(10, TimeUnit.SECONDS);
        first.disconnect().get(10, TimeUnit.SECONDS);
        first.connect().get(10, TimeUnit.SECONDS);
        first.close();

        ThreadCheck.awaitNoThreadNamed(name -> name.startsWith("MQTT") || name.startsWith("dmkit-mqtt-close"), WAIT);
        assertThat(losses.get()).as("a disconnect is not a loss").isZero();
    }
}
