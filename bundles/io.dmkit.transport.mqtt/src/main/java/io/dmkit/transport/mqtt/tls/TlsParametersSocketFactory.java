package io.dmkit.transport.mqtt.tls;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
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
final class TlsParametersSocketFactory extends SSLSocketFactory {

    private final SSLSocketFactory delegate;
    private final String[] protocols;
    private final String[] applicationProtocols;

    TlsParametersSocketFactory(SSLSocketFactory delegate, List<String> protocols, List<String> applicationProtocols) {
        this.delegate = delegate;
        this.protocols = protocols.toArray(new String[0]);
        this.applicationProtocols = applicationProtocols.toArray(new String[0]);
    }

    @Override
    public Socket createSocket() throws IOException {
        return configure(delegate.createSocket());
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return configure(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return configure(delegate.createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return configure(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return configure(delegate.createSocket(address, port, localAddress, localPort));
    }

    @Override
    public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
        return configure(delegate.createSocket(socket, host, port, autoClose));
    }

    @Override
    public Socket createSocket(Socket socket, InputStream consumed, boolean autoClose) throws IOException {
        return configure(delegate.createSocket(socket, consumed, autoClose));
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return delegate.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return delegate.getSupportedCipherSuites();
    }

    private Socket configure(Socket socket) {
        if (!(socket instanceof SSLSocket ssl)) {
            return socket;
        }
        ssl.setEnabledProtocols(protocols.clone());
        return applicationProtocols.length == 0 ? ssl : new ApplicationProtocolsSocket(ssl, List.of(applicationProtocols));
    }
}
