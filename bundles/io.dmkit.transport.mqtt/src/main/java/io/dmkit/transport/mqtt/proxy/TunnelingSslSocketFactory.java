package io.dmkit.transport.mqtt.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Objects;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * An {@link SSLSocketFactory} whose sockets reach their host through an HTTP proxy: TLS from
 * {@code tls} (trust, client certificate, TLS versions) runs inside a {@code CONNECT} tunnel. Give it
 * to Paho for {@code ssl://} or {@code wss://} URIs; Paho's unconnected {@link #createSocket()}
 * followed by {@code connect} is the form that matters, the connected forms work too.
 */
public final class TunnelingSslSocketFactory extends SSLSocketFactory {

    private final HttpProxy proxy;
    private final SSLSocketFactory tls;

    public TunnelingSslSocketFactory(HttpProxy proxy, SSLSocketFactory tls) {
        this.proxy = Objects.requireNonNull(proxy, "proxy");
        this.tls = Objects.requireNonNull(tls, "tls");
    }

    /** The proxy the sockets go through. */
    public HttpProxy proxy() {
        return proxy;
    }

    /** An unconnected TLS socket; {@code connect} opens the tunnel. */
    @Override
    public Socket createSocket() {
        return new TunneledSslSocket(proxy, tls);
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        SSLSocket s = new TunneledSslSocket(proxy, tls);
        try {
            s.connect(InetSocketAddress.createUnresolved(host, port));
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return createSocket(host, port); // the local end is the tunnel's: bound by the system
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return createSocket(host.getHostAddress(), port);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return createSocket(address.getHostAddress(), port);
    }

    /** Layering TLS over a socket someone else connected needs no tunnel: the plain factory does it. */
    @Override
    public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
        return tls.createSocket(socket, host, port, autoClose);
    }

    @Override
    public Socket createSocket(Socket socket, InputStream consumed, boolean autoClose) throws IOException {
        return tls.createSocket(socket, consumed, autoClose);
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return tls.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return tls.getSupportedCipherSuites();
    }

    @Override
    public String toString() {
        return "TunnelingSslSocketFactory[" + proxy + "]";
    }
}
