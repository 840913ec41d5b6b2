package io.dmkit.transport.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmkit.pki.LocalPki;
import io.dmkit.transport.mqtt.ConnectSettings;
import io.dmkit.transport.mqtt.MqttConnection;
import io.dmkit.transport.mqtt.MqttReasons;
import io.dmkit.transport.mqtt.v5.Mqtt5Client;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the TLS ClientHello offers: {@code x-amzn-mqtt-ca} by ALPN on port 443 (AWS IoT Core tells MQTT
 * from HTTPS by it there), nothing on 8883. A local TLS server records what each client offered.
 */
class AlpnOfferTest {

    @TempDir
    Path dir;
    private SSLServerSocket server;
    private final CompletableFuture<List<String>> offered = new CompletableFuture<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private Thread acceptor;

    @BeforeEach
    void startServer() throws Exception {
        LocalPki pki = LocalPki.openOrCreate(dir, "aws test CA");
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("server", pki.serverPrivateKey(), new char[0], new Certificate[] {pki.serverCertificate()});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, new char[0]);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        server = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 1,
                InetAddress.getLoopbackAddress());
        acceptor = new Thread(() -> {
            try (SSLSocket s = (SSLSocket) server.accept()) {
                s.setHandshakeApplicationProtocolSelector((socket, protocols) -> {
                    offered.complete(List.copyOf(protocols));
                    return protocols.isEmpty() ? null : protocols.get(0);
                });
                s.startHandshake();
                offered.complete(List.of()); // the selector is not asked when the client offers nothing
                // Held open until the test ends: a server that hangs up at once races Paho's connect thread.
                release.await(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                offered.completeExceptionally(e);
            }
        }, "alpn-test-server");
        acceptor.start();
    }

    @AfterEach
    void stopServer() throws Exception {
        release.countDown();
        server.close();
        acceptor.join(5000);
    }

    private AwsSettings settings(int port) {
        return AwsSettings.from(TestThings.session(dir, "gw-1").host("localhost").port(port).build());
    }

    @Test
    void port443OffersXAmznMqttCa() throws Exception {
        try (Socket s = settings(443).socketFactory().createSocket("localhost", server.getLocalPort())) {
            ((SSLSocket) s).startHandshake();
            assertThat(((SSLSocket) s).getApplicationProtocol()).isEqualTo(AwsSettings.ALPN_PROTOCOL);
        }
        assertThat(offered.get(5, TimeUnit.SECONDS)).containsExactly("x-amzn-mqtt-ca");
    }

    @Test
    void port8883OffersNoApplicationProtocol() throws Exception {
        try (Socket s = settings(8883).socketFactory().createSocket("localhost", server.getLocalPort())) {
            ((SSLSocket) s).startHandshake();
        }
        assertThat(offered.get(5, TimeUnit.SECONDS)).isEmpty();
    }

    @Test
    void pahoKeepsTheOfferWhenItAddsHostNameVerification() throws Exception {
        AwsSettings settings = settings(443);
        ConnectSettings connect = ConnectSettings.builder("ssl://localhost:" + server.getLocalPort(), settings.clientId)
                .socketFactory(settings.socketFactory()).connectTimeout(Duration.ofSeconds(2)).build();
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        MqttConnection<MqttMessage> connection = new MqttConnection<>("alpn", () -> connect, scheduler, Mqtt5Client::new,
                new MqttConnection.Handler<>() {
                    @Override
                    public void messageArrived(String topic, MqttMessage message) {
                    }

                    @Override
                    public void connectionLost(MqttReasons.Diagnosis diagnosis) {
                    }
                });
        try {
            // The server is no MQTT broker: only the handshake it records matters, not the attempt.
            connection.connect();
            assertThat(offered.get(10, TimeUnit.SECONDS)).containsExactly("x-amzn-mqtt-ca");
        } finally {
            connection.close();
            scheduler.shutdownNow();
        }
    }

    @Test
    void onlyTls12IsOffered() throws Exception {
        try (SSLSocket s = (SSLSocket) settings(443).socketFactory().createSocket("localhost", server.getLocalPort())) {
            assertThat(s.getEnabledProtocols()).containsExactly("TLSv1.2");
            s.startHandshake();
            assertThat(s.getSession().getProtocol()).isEqualTo("TLSv1.2");
        }
    }
}
