package io.dmkit.transport.mqtt;

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
 * {@link SSLSocketFactory} for {@code ssl://} and {@code wss://} URIs. The wrapper remembers the last
 * socket it made, and {@link #connected} turns Nagle off on it once the service has accepted the
 * connection (CONNACK), not before: with TLS 1.3 a server that refuses the client's certificate says so
 * in an alert after the client's Finished, and a CONNECT sent at once, without Nagle, meets a reset
 * instead, so the device could no longer be told that its certificate was refused (SecurityIT).
 */
final class NoDelaySockets {

    private NoDelaySockets() {
    }

    /** The factory for {@code serverUri}: {@code factory} (or the default one), its sockets remembered. */
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

    /**
     * Turns Nagle off on the last socket {@code factory} made: the connection that was just accepted.
     * Connections of one {@link ConnectSettings} come one after another, so the last socket is that one.
     */
    static void connected(SocketFactory factory) {
        Socket socket = factory instanceof Plain plain ? plain.last : factory instanceof Tls tls ? tls.last : null;
        if (socket == null) {
            return;
        }
        try {
            socket.setTcpNoDelay(true);
        } catch (IOException e) {
            // closed meanwhile: the next connection gets its own socket
        }
    }

    /**
     * A plain (or TLS-PSK) factory that remembers its last socket, for {@link #connected}: the plain
     * twin of {@link Tls}, which a {@link SocketFactory} cannot share code with.
     */
    private static final class Plain extends SocketFactory {
        private final SocketFactory delegate;
        private volatile Socket last;

        Plain(SocketFactory delegate) {
            this.delegate = delegate;
        }

        @Override
        public Socket createSocket() throws IOException {
            return remember(delegate.createSocket());
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return remember(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return remember(delegate.createSocket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return remember(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return remember(delegate.createSocket(address, port, localAddress, localPort));
        }

        private Socket remember(Socket socket) {
            last = socket;
            return socket;
        }

        @Override
        public String toString() {
            return "NoDelay[" + delegate + "]";
        }
    }

    /** A TLS factory that remembers its last socket, for {@link #connected}. */
    private static final class Tls extends ConfiguringSslSocketFactory {
        private volatile Socket last;

        Tls(SSLSocketFactory delegate) {
            super(delegate);
        }

        @Override
        protected Socket configure(Socket socket) {
            last = socket;
            return socket;
        }
    }
}
