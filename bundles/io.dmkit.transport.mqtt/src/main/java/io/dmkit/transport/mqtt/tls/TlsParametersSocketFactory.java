package io.dmkit.transport.mqtt.tls;

import io.dmkit.transport.mqtt.ConfiguringSslSocketFactory;
import java.net.Socket;
import java.util.List;

import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Sets the handshake parameters on every socket it creates, whatever the JVM's defaults: exactly the
 * given TLS versions, and the ALPN protocols to offer, if any (AWS IoT Core takes MQTT on port 443
 * only from clients that offer {@code x-amzn-mqtt-ca}). Paho first calls {@link #createSocket()} and
 * connects it, so the unconnected form matters most. Paho then replaces the socket's parameters with
 * its own (server name, host name verification), which would drop the ALPN offer: sockets that offer
 * ALPN are therefore {@link ApplicationProtocolsSocket}s, which keep it.
 */
final class TlsParametersSocketFactory extends ConfiguringSslSocketFactory {

    private final String[] protocols;
    private final String[] applicationProtocols;

    TlsParametersSocketFactory(SSLSocketFactory delegate, List<String> protocols, List<String> applicationProtocols) {
        super(delegate);
        this.protocols = protocols.toArray(new String[0]);
        this.applicationProtocols = applicationProtocols.toArray(new String[0]);
    }

    @Override
    protected Socket configure(Socket socket) {
        if (!(socket instanceof SSLSocket ssl)) {
            return socket;
        }
        ssl.setEnabledProtocols(protocols.clone());
        return applicationProtocols.length == 0 ? ssl : new ApplicationProtocolsSocket(ssl, List.of(applicationProtocols));
    }
}
