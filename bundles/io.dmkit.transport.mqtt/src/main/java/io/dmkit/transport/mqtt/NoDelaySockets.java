package io.dmkit.transport.mqtt;

import io.dmkit.transport.mqtt.tls.ConfiguringSslSocketFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Locale;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;

/**
 * Turns Nagle's algorithm off on every MQTT socket: Paho 1.2.5 has no option for {@code TCP_NODELAY}
 * and leaves it off. MQTT traffic is small packets that each wait for an answer (PUBLISH → PUBACK, a
 * command and its reply), the pattern where Nagle holds a packet back until the peer's delayed ACK
 * (about 40 ms on Linux) arrives: with it on, a command round trip on loopback took 88 ms at p50; with
 * it off at both ends, 0.6 ms (benchmarks/performance-notes.md).
 *
 * <p>Wraps the factory a connection was given (TLS, TLS-PSK, through a proxy) or, without one, the
 * platform's default for the URI's scheme, keeping its kind: Paho refuses a factory that is not an
 * {@link SSLSocketFactory} for {@code ssl://} and {@code wss://} URIs. Paho creates the socket
 * unconnected and connects it itself; the option is set before that, which every socket here (the
 * JDK's and dmkit's delegating ones) carries over to the connection.
 */
final class NoDelaySockets {

    private NoDelaySockets() {
    }

    /** The factory for {@code serverUri}: {@code factory}'s sockets (or the default ones) with TCP_NODELAY on. */
    static SocketFactory wrap(SocketFactory factory, String serverUri) {
        if (factory instanceof Plain || factory instanceof Tls) {
            return factory;
        }
        if (factory instanceof SSLSocketFactory tls) {
            return new Tls(tls);
        }
        if (factory != null) {
            return new Plain(factory);
        }
        String scheme = serverUri.toLowerCase(Locale.ROOT);
        return scheme.startsWith("ssl:") || scheme.startsWith("wss:")
                ? new Tls((SSLSocketFactory) SSLSocketFactory.getDefault())
                : new Plain(SocketFactory.getDefault());
    }

    private static Socket noDelay(Socket socket) throws IOException {
        socket.setTcpNoDelay(true);
        return socket;
    }

    /**
     * A plain (or TLS-PSK) factory whose sockets have TCP_NODELAY on: the plain twin of
     * {@link Tls}, which a {@link SocketFactory} cannot share code with.
     */
    private static final class Plain extends SocketFactory {
        private final SocketFactory delegate;

        Plain(SocketFactory delegate) {
            this.delegate = delegate;
        }

        @Override
        public Socket createSocket() throws IOException {
            return noDelay(delegate.createSocket());
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return noDelay(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return noDelay(delegate.createSocket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return noDelay(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return noDelay(delegate.createSocket(address, port, localAddress, localPort));
        }

        @Override
        public String toString() {
            return "NoDelay[" + delegate + "]";
        }
    }

    /** A TLS factory whose sockets have TCP_NODELAY on. */
    private static final class Tls extends ConfiguringSslSocketFactory {
        Tls(SSLSocketFactory delegate) {
            super(delegate);
        }

        @Override
        protected Socket configure(Socket socket) throws IOException {
            return noDelay(socket);
        }
    }
}
