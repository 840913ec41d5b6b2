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
 * Every MQTT socket has Nagle's algorithm off, whichever factory the connection was configured with,
 * and Paho is still given the kind of factory its URI scheme demands.
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
    void aPlainConnectionWithoutAFactoryGetsTheDefaultSocketsWithNoDelay() throws Exception {
        MqttConnectOptions options = ConnectSettings.builder("tcp://127.0.0.1:1883", "d1").build().toOptions();

        assertThat(options.getSocketFactory()).isNotInstanceOf(SSLSocketFactory.class);
        assertThat(connectedTcpNoDelay(options.getSocketFactory())).isTrue();
    }

    @Test
    void aTlsConnectionWithoutAFactoryGetsATlsFactoryWithNoDelay() throws Exception {
        SocketFactory factory = ConnectSettings.builder("ssl://127.0.0.1:8883", "d1").build().socketFactory();

        assertThat(factory).isInstanceOf(SSLSocketFactory.class);
        assertThat(connectedTcpNoDelay(factory)).isTrue();
    }

    @Test
    void aGivenTlsFactoryStaysATlsFactoryAndItsSocketsHaveNoDelay() throws Exception {
        SSLSocketFactory tls = (SSLSocketFactory) SSLSocketFactory.getDefault();

        SocketFactory factory = ConnectSettings.builder("ssl://127.0.0.1:8883", "d1").socketFactory(tls).build()
                .toOptions().getSocketFactory();

        assertThat(factory).isInstanceOf(SSLSocketFactory.class).isNotSameAs(tls);
        assertThat(connectedTcpNoDelay(factory)).isTrue();
        try (Socket layered = ((SSLSocketFactory) factory).createSocket(connectedPlain(), "localhost",
                server.getLocalPort(), true)) {
            assertThat(layered.getTcpNoDelay()).as("a TLS socket layered over a tunnel").isTrue();
        }
    }

    @Test
    void aGivenPlainFactoryLikeTlsPskKeepsItsSocketsAndGetsNoDelay() throws Exception {
        PskSocketFactory psk = new PskSocketFactory("d1", "00112233445566778899aabbccddeeff");

        SocketFactory factory = ConnectSettings.builder("tcp://127.0.0.1:8884", "d1").socketFactory(psk).build()
                .socketFactory();

        assertThat(factory).isNotInstanceOf(SSLSocketFactory.class);
        try (Socket socket = factory.createSocket()) {
            assertThat(socket.getClass().getSimpleName()).isEqualTo("PskSocket");
            assertThat(socket.getTcpNoDelay()).as("set before Paho connects it").isTrue();
        }
    }

    /** Creates a socket the way Paho does (unconnected, then connect) and reads the option once connected. */
    private boolean connectedTcpNoDelay(SocketFactory factory) throws Exception {
        try (Socket socket = factory.createSocket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), 2000);
            return socket.getTcpNoDelay();
        }
    }

    private Socket connectedPlain() throws Exception {
        return new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
    }
}
