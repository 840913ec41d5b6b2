package io.dmkit.transport.mqtt.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import org.bouncycastle.tls.AlertDescription;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.dmkit.testing.Await;
import io.dmkit.testing.Mosquitto;
import io.dmkit.testing.ThreadCheck;
import io.dmkit.transport.mqtt.PskHandshakeException;

/** TLS-PSK through {@link PskSocketFactory} against a real mosquitto PSK listener, with a real Paho client. */
class PskSocketFactoryTest {

    private static final String IDENTITY = "device-1";
    private static final String KEY = "00112233445566778899aabbccddeeff";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    static Path dir;

    static Mosquitto broker;

    @BeforeAll
    static void startBroker() {
        broker = Mosquitto.builder(dir).pskListener(Map.of(IDENTITY, KEY)).start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    private static MqttConnectOptions pskOptions(String identity, String key) {
        MqttConnectOptions options = TestClient.options();
        options.setSocketFactory(new PskSocketFactory(identity, key));
        return options;
    }

    @Test
    void publishedMessageComesBackThroughThePskListener() throws Exception {
        try (TestClient client = TestClient.connect(broker.pskUri(), pskOptions(IDENTITY, KEY))) {
            client.subscribe("psk/echo");
            client.publish("psk/echo", "hello over PSK");

            assertThat(client.nextMessage(TIMEOUT)).isEqualTo("psk/echo=hello over PSK");
        }
        // use_identity_as_username: the broker saw the PSK identity as the user name
        assertThat(Files.readString(broker.log())).contains("u'" + IDENTITY + "'");
    }

    @Test
    void negotiatesEcdhePskWithChaCha20AgainstMosquitto() throws Exception {
        PskSocketFactory factory = new PskSocketFactory(IDENTITY, KEY);
        try (Socket socket = factory.createSocket(InetAddress.getLoopbackAddress(), broker.pskPort())) {
            assertThat(((PskSocket) socket).cipherSuite()).isEqualTo("TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256");
        }
    }

    /*
     * What Paho 1.2.5 surfaces for a wrong PSK: MqttException with reason code 0
     * (REASON_CODE_CLIENT_EXCEPTION, message "MqttException"), whose cause is our
     * PskHandshakeException (an SSLHandshakeException) with the server's alert, whose cause is
     * Bouncy Castle's TlsFatalAlertReceived. Mosquitto/OpenSSL 3 answers a wrong key with
     * bad_record_mac(20): with the negotiated AEAD suite it cannot decrypt the client's Finished
     * record (servers using a CBC suite or another stack may send decrypt_error(51) instead).
     */
    @Test
    void wrongPskFailsTheConnectWithARecognisableCredentialRejection() {
        MqttException e = catchThrowableOfType(MqttException.class,
                () -> TestClient.connect(broker.pskUri(), pskOptions(IDENTITY, "ffeeddccbbaa99887766554433221100")));

        assertThat(e.getReasonCode()).as(Causes.describe(e)).isEqualTo(MqttException.REASON_CODE_CLIENT_EXCEPTION);
        PskHandshakeException handshake = Causes.find(e, PskHandshakeException.class);
        assertThat(e.getCause()).isSameAs(handshake);
        assertThat(handshake.isCredentialRejected()).isTrue();
        assertThat(handshake.alertReceived()).isTrue();
        assertThat(handshake.alertDescription()).isEqualTo(AlertDescription.bad_record_mac);
        assertThat(handshake.getMessage()).contains(IDENTITY).contains("wrong PSK")
                .doesNotContain("ffeeddcc").doesNotContain(KEY);
        assertThat(handshake.getCause()).isInstanceOf(org.bouncycastle.tls.TlsFatalAlertReceived.class);
    }

    @Test
    void unknownIdentityIsRefusedWithUnknownPskIdentity() {
        MqttException e = catchThrowableOfType(MqttException.class,
                () -> TestClient.connect(broker.pskUri(), pskOptions("no-such-device", KEY)));

        PskHandshakeException handshake = Causes.find(e, PskHandshakeException.class);
        assertThat(handshake.alertDescription()).as(Causes.describe(e)).isEqualTo(AlertDescription.unknown_psk_identity);
        assertThat(handshake.isCredentialRejected()).isTrue();
        assertThat(handshake.getMessage()).contains("does not know this identity");
    }

    /*
     * Paho reads with a 1 s socket timeout and ignores each SocketTimeoutException. With a 2 s
     * keep-alive, three PINGRESPs take at least 6 s: each had to be decrypted after several read
     * timeouts. A message published afterwards proves the TLS session is still intact.
     */
    @Test
    void pskSessionSurvivesManyReadTimeoutsAndKeepAlives() throws Exception {
        MqttConnectOptions options = pskOptions(IDENTITY, KEY);
        options.setKeepAliveInterval(2);
        try (TestClient client = TestClient.connect(broker.pskUri(), options)) {
            client.subscribe("psk/later");
            long start = System.nanoTime();
            String pingResp = "Sending PINGRESP to " + client.clientId();

            Await.until("three PINGRESPs to " + client.clientId(), Duration.ofSeconds(20),
                    () -> occurrences(log(), pingResp) >= 3);

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofSeconds(5));
            assertThat(client.isConnected()).isTrue();
            assertThat(client.lostCause()).isNull();
            client.publish("psk/later", "still here");
            assertThat(client.nextMessage(TIMEOUT)).isEqualTo("psk/later=still here");
        }
    }

    @Test
    void readTimeoutOnAnIdleSessionLeavesTheSocketUsable() throws Exception {
        PskSocketFactory factory = new PskSocketFactory(IDENTITY, KEY);
        try (Socket socket = factory.createSocket(InetAddress.getLoopbackAddress(), broker.pskPort())) {
            socket.setSoTimeout(200);
            InputStream in = socket.getInputStream();
            for (int i = 0; i < 3; i++) {
                assertThatThrownBy(in::read).isInstanceOf(SocketTimeoutException.class);
            }
            socket.getOutputStream().write(CONNECT);
            assertThat(readFully(in, 4, new int[1])).containsExactly(CONNACK_ACCEPTED);
        }
    }

    /*
     * The relay delivers each of the broker's chunks in two halves 300 ms apart while the client
     * reads with a 100 ms timeout, so timeouts strike with half a TLS record received. The exchange
     * must still complete, twice in a row.
     */
    @Test
    void readTimeoutInTheMiddleOfARecordDoesNotBreakTheSession() throws Exception {
        PskSocketFactory factory = new PskSocketFactory(IDENTITY, KEY);
        try (SplittingRelay relay = new SplittingRelay(broker.pskPort(), Duration.ofMillis(300));
                Socket socket = factory.createSocket(InetAddress.getLoopbackAddress(), relay.port())) {
            socket.setSoTimeout(100);
            InputStream in = socket.getInputStream();
            int[] timeouts = new int[1];
            int splitBefore = relay.splitChunks();

            socket.getOutputStream().write(CONNECT);
            assertThat(readFully(in, 4, timeouts)).containsExactly(CONNACK_ACCEPTED);
            socket.getOutputStream().write(PINGREQ);
            assertThat(readFully(in, 2, timeouts)).containsExactly(PINGRESP);

            assertThat(relay.splitChunks() - splitBefore).isGreaterThanOrEqualTo(2);
            assertThat(timeouts[0]).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void brokerKilledMidSessionIsReportedAsConnectionLost() throws Exception {
        try (Mosquitto own = Mosquitto.builder(dir.resolve("killed")).pskListener(Map.of(IDENTITY, KEY)).start();
                TestClient client = TestClient.connect(own.pskUri(), pskOptions(IDENTITY, KEY))) {
            own.kill();

            Throwable cause = Await.value("connectionLost", TIMEOUT, client::lostCause);
            assertThat(cause).isInstanceOf(MqttException.class);
            assertThat(((MqttException) cause).getReasonCode()).as(Causes.describe(cause))
                    .isEqualTo(MqttException.REASON_CODE_CONNECTION_LOST);
        }
    }

    @Test
    void nothingListeningFailsWithServerConnectError() throws Exception {
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        MqttException e = catchThrowableOfType(MqttException.class,
                () -> TestClient.connect("tcp://127.0.0.1:" + port, pskOptions(IDENTITY, KEY)));

        assertThat(e.getReasonCode()).as(Causes.describe(e)).isEqualTo(MqttException.REASON_CODE_SERVER_CONNECT_ERROR);
        assertThat(e.getCause()).isInstanceOf(ConnectException.class);
    }

    @Test
    void closedClientLeavesNoThreadBehind() throws Exception {
        Set<Thread> baseline = ThreadCheck.snapshot();
        try (TestClient client = TestClient.connect(broker.pskUri(), pskOptions(IDENTITY, KEY))) {
            client.subscribe("psk/threads");
        }
        ThreadCheck.awaitNoNewThreads(baseline, TIMEOUT);
    }

    /** MQTT 3.1.1 CONNECT: clean session, keep-alive 10 s, client id "t". */
    private static final byte[] CONNECT = {0x10, 13, 0, 4, 'M', 'Q', 'T', 'T', 4, 2, 0, 10, 0, 1, 't'};
    private static final int[] CONNACK_ACCEPTED = {0x20, 2, 0, 0};
    private static final byte[] PINGREQ = {(byte) 0xC0, 0};
    private static final int[] PINGRESP = {0xD0, 0};

    /** Reads exactly {@code n} bytes, counting the read timeouts met on the way, within {@link #TIMEOUT}. */
    private static int[] readFully(InputStream in, int n, int[] timeouts) throws Exception {
        int[] bytes = new int[n];
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        int got = 0;
        while (got < n) {
            try {
                int b = in.read();
                assertThat(b).as("end of stream after %d bytes", got).isNotNegative();
                bytes[got++] = b;
            } catch (SocketTimeoutException e) {
                timeouts[0]++;
                assertThat(System.nanoTime() - deadline).as("deadline for %d bytes", n).isNegative();
            }
        }
        return bytes;
    }

    private static String log() {
        try {
            return Files.readString(broker.log());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static int occurrences(String text, String needle) {
        int count = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            count++;
        }
        return count;
    }
}
