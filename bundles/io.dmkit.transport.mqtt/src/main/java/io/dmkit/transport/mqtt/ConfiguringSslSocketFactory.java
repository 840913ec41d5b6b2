package io.dmkit.transport.mqtt;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.ssl.SSLSocketFactory;

/**
 * An {@link SSLSocketFactory} that hands every socket its delegate creates to {@link #configure}
 * before returning it (or what {@code configure} returns instead), in every form of
 * {@code createSocket}: the unconnected one Paho uses, and the layered ones a proxy tunnel uses.
 *
 * <p>Here rather than in the {@code tls} package, whose factories extend it too, because
 * {@link NoDelaySockets} needs it: {@code tls} depends on this package, never the other way round.
 */
public abstract class ConfiguringSslSocketFactory extends SSLSocketFactory {

    private final SSLSocketFactory delegate;

    protected ConfiguringSslSocketFactory(SSLSocketFactory delegate) {
        this.delegate = delegate;
    }

    /** Sets up a socket the delegate created; returns it, or a socket wrapping it. */
    protected abstract Socket configure(Socket socket) throws IOException;

    @Override
    public final Socket createSocket() throws IOException {
        return configure(delegate.createSocket());
    }

    @Override
    public final Socket createSocket(String host, int port) throws IOException {
        return configure(delegate.createSocket(host, port));
    }

    @Override
    public final Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return configure(delegate.createSocket(host, port, localHost, localPort));
    }

    @Override
    public final Socket createSocket(InetAddress host, int port) throws IOException {
        return configure(delegate.createSocket(host, port));
    }

    @Override
    public final Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return configure(delegate.createSocket(address, port, localAddress, localPort));
    }

    @Override
    public final Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
        return configure(delegate.createSocket(socket, host, port, autoClose));
    }

    @Override
    public final Socket createSocket(Socket socket, InputStream consumed, boolean autoClose) throws IOException {
        return configure(delegate.createSocket(socket, consumed, autoClose));
    }

    @Override
    public final String[] getDefaultCipherSuites() {
        return delegate.getDefaultCipherSuites();
    }

    @Override
    public final String[] getSupportedCipherSuites() {
        return delegate.getSupportedCipherSuites();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + delegate + "]";
    }
}
