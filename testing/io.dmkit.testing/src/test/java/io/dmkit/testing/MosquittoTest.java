package io.dmkit.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dmkit.pki.LocalPki;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import org.eclipse.paho.client.mqttv3.IMqttMessageListener;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MosquittoTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @Test
    void everyListenerKindAcceptsTcpAndPlainMqttConnects() throws Exception {
        LocalPki pki = LocalPki.create(dir.resolve("pki"));
        try (Mosquitto broker = Mosquitto.builder(dir.resolve("broker"))
                .plainListener()
                .tlsListener(pki)
                .mutualTlsListener(pki)
                .pskListener(Map.of("device-1", "00112233445566778899aabbccddeeff"))
                .start()) {

            assertThat(broker.isRunning()).isTrue();
            for (int port : new int[] {broker.plainPort(), broker.tlsPort(), broker.mutualTlsPort(), broker.pskPort()}) {
                assertThat(acceptsTcp(port)).as("port %d accepts TCP", port).isTrue();
            }
            assertThat(broker.plainUri()).isEqualTo("tcp://127.0.0.1:" + broker.plainPort());
            assertThat(broker.tlsUri()).isEqualTo("ssl://127.0.0.1:" + broker.tlsPort());
            assertThat(broker.mutualTlsUri()).isEqualTo("ssl://127.0.0.1:" + broker.mutualTlsPort());
            assertThat(broker.pskUri()).isEqualTo("tcp://127.0.0.1:" + broker.pskPort());

            MqttClient client = connect(broker.plainUri(), null, null);
            try {
                assertThat(client.isConnected()).isTrue();
            } finally {
                disconnectAndClose(client);
            }
        }
    }

    @Test
    void plainListenerDeliversAPublishedMessageToASubscriber() throws Exception {
        try (Mosquitto broker = Mosquitto.builder(dir).plainListener().start()) {
            MqttClient client = connect(broker.plainUri(), null, null);
            try {
                BlockingQueue<String> received = new ArrayBlockingQueue<>(1);
                client.subscribe("t/1", 1, (topic, message) ->
                        received.add(new String(message.getPayload(), StandardCharsets.UTF_8)));
                client.publish("t/1", "hello".getBytes(StandardCharsets.UTF_8), 1, false);
                assertThat(received.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("hello");
            } finally {
                disconnectAndClose(client);
            }
        }
    }

    @Test
    void tlsListenerPresentsTheServerCertificateOfThePki() throws Exception {
        LocalPki pki = LocalPki.create(dir.resolve("pki"));
        try (Mosquitto broker = Mosquitto.builder(dir.resolve("broker")).tlsListener(pki).start()) {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", pki.caCertificate());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", broker.tlsPort())) {
                socket.setSoTimeout((int) TIMEOUT.toMillis());
                socket.startHandshake();
                assertThat(socket.getSession().getPeerCertificates()[0]).isEqualTo(pki.serverCertificate());
            }
        }
    }

    @Test
    void passwordsAdmitTheRightPasswordAndRefuseAWrongOne() throws Exception {
        try (Mosquitto broker = Mosquitto.builder(dir).plainListener()
                .passwords(Map.of("alice", "s3cret-ä")).start()) {
            MqttClient client = connect(broker.plainUri(), "alice", "s3cret-ä");
            disconnectAndClose(client);

            assertThatThrownBy(() -> connect(broker.plainUri(), "alice", "wrong"))
                    .isInstanceOf(MqttException.class)
                    .extracting(e -> ((MqttException) e).getReasonCode())
                    .isEqualTo((int) MqttException.REASON_CODE_NOT_AUTHORIZED);
            assertThatThrownBy(() -> connect(broker.plainUri(), null, null))
                    .isInstanceOf(MqttException.class)
                    .extracting(e -> ((MqttException) e).getReasonCode())
                    .isEqualTo((int) MqttException.REASON_CODE_NOT_AUTHORIZED);
        }
    }

    @Test
    void aclDropsAPublishOutsideTheAllowedTopics() throws Exception {
        try (Mosquitto broker = Mosquitto.builder(dir).plainListener().acl("topic readwrite allowed/#\n").start()) {
            MqttClient client = connect(broker.plainUri(), null, null);
            try {
                BlockingQueue<String> received = new ArrayBlockingQueue<>(2);
                // mosquitto grants a denied MQTT 3.1.1 subscription, then delivers nothing on it
                client.subscribe(new String[] {"denied/x", "allowed/x"}, new int[] {1, 1},
                        new IMqttMessageListener[] {(t, m) -> received.add(t), (t, m) -> received.add(t)});
                client.publish("denied/x", new byte[] {1}, 1, false);
                client.publish("allowed/x", new byte[] {2}, 1, false);

                // same client, QoS 1, in order: had the denied message been delivered it would come first
                assertThat(received.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("allowed/x");
                Await.until("the broker log to show the denied publish", TIMEOUT,
                        () -> readLog(broker).contains("Denied PUBLISH"));
            } finally {
                disconnectAndClose(client);
            }
        }
    }

    @Test
    void killedBrokerRestartsOnTheSamePort() throws Exception {
        try (Mosquitto broker = Mosquitto.builder(dir).plainListener().start()) {
            int port = broker.plainPort();

            broker.kill();
            assertThat(broker.isRunning()).isFalse();
            assertThat(acceptsTcp(port)).isFalse();

            broker.restart();
            assertThat(broker.isRunning()).isTrue();
            assertThat(broker.plainPort()).isEqualTo(port);
            MqttClient client = connect(broker.plainUri(), null, null);
            disconnectAndClose(client);
        }
    }

    @Test
    void restartRetriesWhileThePortIsStillTakenAndThenBindsIt() throws Exception {
        try (Mosquitto broker = Mosquitto.builder(dir).plainListener().start()) {
            int port = broker.plainPort();
            broker.kill();
            ServerSocket blocker = new ServerSocket(port, 1, InetAddress.getLoopbackAddress());
            ScheduledExecutorService releaser = Executors.newSingleThreadScheduledExecutor();
            try {
                // the port frees up while restart() is already retrying, as a lingering socket would
                releaser.schedule(() -> {
                    blocker.close();
                    return null;
                }, 500, TimeUnit.MILLISECONDS);

                broker.restart();

                assertThat(blocker.isClosed()).isTrue();
                assertThat(broker.isRunning()).isTrue();
                assertThat(broker.plainPort()).isEqualTo(port);
                assertThat(Files.readString(dir.resolve("mosquitto.out")) + Files.readString(broker.log()))
                        .contains("Address already in use");
            } finally {
                releaser.shutdownNow();
                releaser.awaitTermination(5, TimeUnit.SECONDS);
                blocker.close();
            }
        }
    }

    @Test
    void restartWhileRunningStopsTheOldProcessAndKeepsThePort() throws Exception {
        try (Mosquitto broker = Mosquitto.builder(dir).plainListener().start()) {
            long before = onlyChildPid();
            broker.restart();
            assertThat(onlyChildPid()).isNotEqualTo(before);
            assertThat(ProcessHandle.of(before).map(ProcessHandle::isAlive).orElse(false)).isFalse();
            assertThat(acceptsTcp(broker.plainPort())).isTrue();
        }
    }

    @Test
    void closeEndsTheProcessAndIsIdempotent() throws Exception {
        Mosquitto broker = Mosquitto.builder(dir).plainListener().start();
        ProcessHandle process = ProcessHandle.of(onlyChildPid()).orElseThrow();
        int port = broker.plainPort();

        broker.close();
        broker.close();

        assertThat(process.isAlive()).isFalse();
        assertThat(broker.isRunning()).isFalse();
        assertThat(acceptsTcp(port)).isFalse();
        assertThat(mosquittoChildren()).isZero();
        assertThatThrownBy(broker::restart).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void stopEndsTheBrokerWithSigterm() throws Exception {
        try (Mosquitto broker = Mosquitto.builder(dir).plainListener().start()) {
            broker.stop();
            assertThat(broker.isRunning()).isFalse();
            // mosquitto logs this only on an orderly (SIGTERM) shutdown, never after SIGKILL
            assertThat(Files.readString(broker.log())).contains("terminating");
        }
    }

    @Test
    void unconfiguredListenerPortIsAnIllegalState() {
        try (Mosquitto broker = Mosquitto.builder(dir).plainListener().start()) {
            assertThatThrownBy(broker::tlsPort).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("no tls listener").hasMessageContaining("tlsListener(pki)");
            assertThatThrownBy(broker::mutualTlsUri).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("mutualTls");
            assertThatThrownBy(broker::pskUri).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("psk");
        }
    }

    @Test
    void brokerThatCannotStartFailsWithTheTailOfItsLog() throws Exception {
        LocalPki pki = LocalPki.create(dir.resolve("pki"));
        Files.writeString(pki.serverKey(), "not a key");
        Mosquitto.Builder builder = Mosquitto.builder(dir.resolve("broker")).tlsListener(pki);

        assertThatThrownBy(builder::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("mosquitto exited with status")
                .hasMessageContaining("server key");
        assertThat(mosquittoChildren()).isZero();
    }

    @Test
    void builderWithoutListenersRefusesToStart() {
        assertThatThrownBy(() -> Mosquitto.builder(dir).start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no listener configured");
    }

    @Test
    void missingBinaryPointsToTheSetupScript() {
        assertThatThrownBy(() -> MosquittoBinary.locate("/nonexistent/mosquitto", dir.toString()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("/nonexistent/mosquitto")
                .hasMessageContaining("scripts/setup-test-env.sh");
    }

    private static boolean acceptsTcp(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String readLog(Mosquitto broker) {
        try {
            return Files.readString(broker.log());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static long onlyChildPid() {
        return ProcessHandle.current().children()
                .filter(p -> p.info().command().map(c -> c.endsWith("mosquitto")).orElse(false))
                .reduce((a, b) -> {
                    throw new AssertionError("more than one mosquitto child: " + a.pid() + ", " + b.pid());
                })
                .orElseThrow(() -> new AssertionError("no mosquitto child process"))
                .pid();
    }

    private static long mosquittoChildren() {
        return ProcessHandle.current().children()
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.endsWith("mosquitto")).orElse(false))
                .count();
    }

    private static MqttClient connect(String uri, String user, String password) throws MqttException {
        MqttClient client = new MqttClient(uri, MqttClient.generateClientId(), new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setConnectionTimeout(10);
        if (user != null) {
            options.setUserName(user);
            options.setPassword(password.toCharArray());
        }
        try {
            client.connect(options);
            return client;
        } catch (MqttException e) {
            client.close(true);
            throw e;
        }
    }

    private static void disconnectAndClose(MqttClient client) throws MqttException {
        if (client.isConnected()) {
            client.disconnect(1000);
        }
        client.close();
    }
}
