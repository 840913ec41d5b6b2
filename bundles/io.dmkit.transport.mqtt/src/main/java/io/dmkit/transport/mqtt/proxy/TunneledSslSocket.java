package io.dmkit.transport.mqtt.proxy;

import io.dmkit.transport.mqtt.tls.ForwardingSslSocket;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A TLS socket whose connection runs through an HTTP proxy tunnel. Paho creates a socket with
 * {@code createSocket()}, connects it, then uses it as an {@link SSLSocket} (SNI, host name check,
 * handshake); so this class is an {@code SSLSocket} that, on {@link #connect(SocketAddress, int)},
 * opens the tunnel to the proxy, layers the real TLS socket over it (client mode, SNI and host name
 * check for the <em>target</em> host, not the proxy) and from then on forwards everything to it.
 * Settings made before connecting are applied once the TLS socket exists; until then the socket's
 * addresses are the tunnel's and reading what is not set yet fails.
 *
 * <p>Closing it from another thread while it connects aborts the attempt.
 */
final class TunneledSslSocket extends ForwardingSslSocket {

    private final HttpProxy proxy;
    private final SSLSocketFactory tls;
    private final Socket tunnel = new Socket();
    private final List<Setting> pending = new ArrayList<>();
    private volatile SSLSocket ssl;
    private volatile boolean closed;
    private volatile String target = "not connected";

    TunneledSslSocket(HttpProxy proxy, SSLSocketFactory tls) {
        this.proxy = proxy;
        this.tls = tls;
    }

    @Override
    public void connect(SocketAddress endpoint) throws IOException {
        connect(endpoint, 0);
    }

    /**
     * Opens the tunnel to {@code endpoint} (its host name is sent to the proxy unresolved, so a
     * gateway that can resolve only the proxy works) and layers TLS over it; the handshake itself
     * happens on {@link #startHandshake()} or the first read or write, as for any {@code SSLSocket}.
     *
     * @throws ProxyTunnelException if the proxy cannot be reached or refuses the tunnel
     */
    @Override
    public void connect(SocketAddress endpoint, int timeout) throws IOException {
        if (!(endpoint instanceof InetSocketAddress address)) {
            throw new IllegalArgumentException("unsupported address type: " + endpoint);
        }
        if (closed) {
            throw new SocketException("Socket is closed");
        }
        if (ssl != null) {
            throw new SocketException("already connected");
        }
        String host = address.getHostString();
        target = HttpConnectTunnel.authority(host, address.getPort());
        HttpConnectTunnel.open(tunnel, proxy, host, address.getPort(), timeout);
        SSLSocket layered;
        try {
            layered = (SSLSocket) tls.createSocket(tunnel, host, address.getPort(), true);
            synchronized (this) {
                for (Setting setting : pending) {
                    setting.applyTo(layered);
                }
                pending.clear();
                ssl = layered;
            }
        } catch (IOException | RuntimeException e) {
            tunnel.close();
            throw e;
        }
        if (closed) {
            layered.close();
            throw new SocketException("Socket is closed");
        }
    }

    /** Settings made before the TLS socket exists wait for it. */
    @Override
    protected void configure(Setting setting) throws SocketException {
        SSLSocket s;
        synchronized (this) {
            s = ssl;
            if (s == null) {
                pending.add(setting);
                return;
            }
        }
        setting.applyTo(s);
    }

    @Override
    protected SSLSocket delegate() {
        SSLSocket s = ssl;
        if (s == null) {
            throw new IllegalStateException("the tunnel to " + target + " is not open yet");
        }
        return s;
    }

    @Override
    protected SSLSocket delegateForIo() throws SocketException {
        SSLSocket s = ssl;
        if (s == null) {
            throw new SocketException(closed ? "Socket is closed" : "Socket is not connected");
        }
        return s;
    }

    // ---- what may be asked before the TLS socket exists ----

    @Override
    public void close() throws IOException {
        closed = true;
        SSLSocket s = ssl;
        if (s != null) {
            s.close(); // closes the tunnel too (autoClose)
        } else {
            tunnel.close(); // aborts a connect in progress
        }
    }

    @Override
    public boolean isConnected() {
        SSLSocket s = ssl;
        return s != null && s.isConnected();
    }

    @Override
    public boolean isClosed() {
        SSLSocket s = ssl;
        return closed || s != null && s.isClosed();
    }

    @Override
    public boolean isInputShutdown() {
        SSLSocket s = ssl;
        return s != null && s.isInputShutdown();
    }

    @Override
    public boolean isOutputShutdown() {
        SSLSocket s = ssl;
        return s != null && s.isOutputShutdown();
    }

    @Override
    public SSLSession getHandshakeSession() {
        SSLSocket s = ssl;
        return s == null ? null : s.getHandshakeSession();
    }

    @Override
    public String getHandshakeApplicationProtocol() {
        SSLSocket s = ssl;
        return s == null ? null : s.getHandshakeApplicationProtocol();
    }

    // ---- addresses: those of the tunnel's TCP connection (to the proxy) ----

    @Override
    public void bind(SocketAddress bindpoint) throws IOException {
        tunnel.bind(bindpoint);
    }

    @Override
    public boolean isBound() {
        return tunnel.isBound();
    }

    @Override
    public InetAddress getInetAddress() {
        return tunnel.getInetAddress();
    }

    @Override
    public InetAddress getLocalAddress() {
        return tunnel.getLocalAddress();
    }

    @Override
    public int getPort() {
        return tunnel.getPort();
    }

    @Override
    public int getLocalPort() {
        return tunnel.getLocalPort();
    }

    @Override
    public SocketAddress getRemoteSocketAddress() {
        return tunnel.getRemoteSocketAddress();
    }

    @Override
    public SocketAddress getLocalSocketAddress() {
        return tunnel.getLocalSocketAddress();
    }

    @Override
    public String toString() {
        return "TunneledSslSocket[" + target + " via " + proxy + (closed ? ", closed" : "") + "]";
    }
}
