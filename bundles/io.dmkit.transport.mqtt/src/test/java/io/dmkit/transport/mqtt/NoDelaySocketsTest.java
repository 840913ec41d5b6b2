package io.dmkit.transport.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmkit.transport.mqtt.tls.PskSocketFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every MQTT socket has Nagle's algorithm off once the service accepted the connection (and not during
 * the TLS handshake and CONNECT), whichever factory the connection was configured with, and Paho is still
 * given the kind of factory its URI scheme demands.
 */
class NoDelaySocketsTest {

    private ServerSocket server;

    @BeforeEach
    void listen() throws Exception {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }

    @AfterEach
    void close() throws Exception {
        server.close();
    }

    @Test
    void aPlainConnectionWithoutAFactoryGetsTheDefaultSocketsAndNoDelayOnceAccepted() throws Exception {
        ConnectSettings settings = ConnectSettings.builder("tcp://127.0.0.1:1883", "d1").build();
        MqttConnectOptions options = Mqtt3Options.of(settings);

        assertThat(options.getSocketFactory()).isNotInstanceOf(SSLSocketFactory.class);
        assertNoDelayOnlyOnceAccepted(settings, options.getSocketFactory());
    }

    @Test
    void aTlsConnectionWithoutAFactoryGetsATlsFactoryAndNoDelayOnceAccepted() throws Exception {
        ConnectSettings settings = ConnectSettings.builder("ssl://127.0.0.1:8883", "d1").build();

        assertThat(settings.socketFactory()).isInstanceOf(SSLSocketFactory.class);
        assertNoDelayOnlyOnceAccepted(settings, settings.socketFactory());
    }

    @Test
    void aGivenTlsFactoryStaysATlsFactoryAndItsLayeredSocketsGetNoDelayOnceAccepted() throws Exception {
        SSLSocketFactory tls = (SSLSocketFactory) SSLSocketFactory.getDefault();
        ConnectSettings settings = ConnectSettings.builder("ssl://127.0.0.1:8883", "d1").socketFactory(tls).build();
        SocketFactory factory = Mqtt3Options.of(settings).getSocketFactory();

        assertThat(factory).isInstanceOf(SSLSocketFactory.class).isNotSameAs(tls);
        try (Socket layered = ((SSLSocketFactory) factory).createSocket(connectedPlain(), "localhost",
                server.getLocalPort(), true)) {
            assertThat(layered.getTcpNoDelay()).as("a TLS socket layered over a tunnel, before CONNACK").isFalse();
            settings.connected();
            assertThat(layered.getTcpNoDelay()).isTrue();
        }
    }

    @Test
    void aGivenPlainFactoryLikeTlsPskKeepsItsSocketsAndGetsNoDelayOnceAccepted() throws Exception {
        PskSocketFactory psk = new PskSocketFactory("d1", "00112233445566778899aabbccddeeff");
        ConnectSettings settings = ConnectSettings.builder("tcp://127.0.0.1:8884", "d1").socketFactory(psk).build();

        assertThat(settings.socketFactory()).isNotInstanceOf(SSLSocketFactory.class);
        try (Socket socket = settings.socketFactory().createSocket()) {
            assertThat(socket.getClass().getSimpleName()).isEqualTo("PskSocket");
            settings.connected();
            assertThat(socket.getTcpNoDelay()).isTrue();
        }
    }

    /**
     * Creates a socket the way Paho does (unconnected, then connect): Nagle stays on through the handshake
     * and CONNECT, and is off once the settings hear that the service accepted the connection.
     */
    private void assertNoDelayOnlyOnceAccepted(ConnectSettings settings, SocketFactory factory) throws Exception {
        try (Socket socket = factory.createSocket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), 2000);
            assertThat(socket.getTcpNoDelay()).as("during the handshake and CONNECT").isFalse();
            settings.connected();
            assertThat(socket.getTcpNoDelay()).as("once the service accepted the connection").isTrue();
        }
    }

    private Socket connectedPlain() throws Exception {
        return new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
    }
}
