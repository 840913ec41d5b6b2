package io.dmkit.transport.mqtt.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import javax.net.ssl.HandshakeCompletedListener;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A TLS socket whose connection runs through an HTTP proxy tunnel. Paho creates a socket with
 * {@code createSocket()}, connects it, then uses it as an {@link SSLSocket} (SNI, host name check,
 * handshake); so this class is an {@code SSLSocket} that, on {@link #connect(SocketAddress, int)},
 * opens the tunnel to the proxy, layers the real TLS socket over it (client mode, SNI and host name
 * check for the <em>target</em> host, not the proxy) and from then on delegates everything to it.
 * Settings made before connecting are applied once the TLS socket exists.
 *
 * <p>Closing it from another thread while it connects aborts the attempt.
 */
final class TunneledSslSocket extends SSLSocket {

    /** A setting made before the TLS socket exists. */
    private interface Setting {
        void apply(SSLSocket socket) throws SocketException;
    }

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
                    setting.apply(layered);
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

    private void configure(Setting setting) throws SocketException {
        SSLSocket s;
        synchronized (this) {
            s = ssl;
            if (s == null) {
                pending.add(setting);
                return;
            }
        }
        setting.apply(s);
    }

    private void configureUnchecked(java.util.function.Consumer<SSLSocket> setting) {
        try {
            configure(setting::accept);
        } catch (SocketException e) {
            throw new IllegalStateException(e);
        }
    }

    private SSLSocket connected() throws SocketException {
        SSLSocket s = ssl;
        if (s == null) {
            throw new SocketException(closed ? "Socket is closed" : "Socket is not connected");
        }
        return s;
    }

    private SSLSocket connectedUnchecked() {
        SSLSocket s = ssl;
        if (s == null) {
            throw new IllegalStateException("the tunnel to " + target + " is not open yet");
        }
        return s;
    }

    // ---- streams and lifecycle ----

    @Override
    public InputStream getInputStream() throws IOException {
        return connected().getInputStream();
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
        return connected().getOutputStream();
    }

    @Override
    public void startHandshake() throws IOException {
        connected().startHandshake();
    }

    @Override
    public void close() throws IOException {
        closed = true;
        try {
            SSLSocket s = ssl;
            if (s != null) {
                s.close(); // closes the tunnel too (autoClose)
            } else {
                tunnel.close(); // aborts a connect in progress
            }
        } finally {
            super.close();
        }
    }

    @Override
    public boolean isConnected() {
        SSLSocket s = ssl;
        return s != null && s.isConnected();
    }

    @Override
    public boolean isBound() {
        return tunnel.isBound();
    }

    @Override
    public boolean isClosed() {
        SSLSocket s = ssl;
        return closed || s != null && s.isClosed();
    }

    @Override
    public void shutdownInput() throws IOException {
        connected().shutdownInput();
    }

    @Override
    public void shutdownOutput() throws IOException {
        connected().shutdownOutput();
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

    // ---- addresses: those of the tunnel's TCP connection (to the proxy) ----

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

    // ---- socket options ----

    @Override
    public void setSoTimeout(int timeout) throws SocketException {
        configure(s -> s.setSoTimeout(timeout));
    }

    @Override
    public int getSoTimeout() throws SocketException {
        return connected().getSoTimeout();
    }

    @Override
    public void setTcpNoDelay(boolean on) throws SocketException {
        configure(s -> s.setTcpNoDelay(on));
    }

    @Override
    public boolean getTcpNoDelay() throws SocketException {
        return connected().getTcpNoDelay();
    }

    @Override
    public void setKeepAlive(boolean on) throws SocketException {
        configure(s -> s.setKeepAlive(on));
    }

    @Override
    public boolean getKeepAlive() throws SocketException {
        return connected().getKeepAlive();
    }

    @Override
    public void setSoLinger(boolean on, int linger) throws SocketException {
        configure(s -> s.setSoLinger(on, linger));
    }

    @Override
    public int getSoLinger() throws SocketException {
        return connected().getSoLinger();
    }

    @Override
    public void setSendBufferSize(int size) throws SocketException {
        configure(s -> s.setSendBufferSize(size));
    }

    @Override
    public int getSendBufferSize() throws SocketException {
        return connected().getSendBufferSize();
    }

    @Override
    public void setReceiveBufferSize(int size) throws SocketException {
        configure(s -> s.setReceiveBufferSize(size));
    }

    @Override
    public int getReceiveBufferSize() throws SocketException {
        return connected().getReceiveBufferSize();
    }

    // ---- TLS ----

    @Override
    public String[] getSupportedCipherSuites() {
        return connectedUnchecked().getSupportedCipherSuites();
    }

    @Override
    public String[] getEnabledCipherSuites() {
        return connectedUnchecked().getEnabledCipherSuites();
    }

    @Override
    public void setEnabledCipherSuites(String[] suites) {
        String[] copy = suites.clone();
        configureUnchecked(s -> s.setEnabledCipherSuites(copy));
    }

    @Override
    public String[] getSupportedProtocols() {
        return connectedUnchecked().getSupportedProtocols();
    }

    @Override
    public String[] getEnabledProtocols() {
        return connectedUnchecked().getEnabledProtocols();
    }

    @Override
    public void setEnabledProtocols(String[] protocols) {
        String[] copy = protocols.clone();
        configureUnchecked(s -> s.setEnabledProtocols(copy));
    }

    @Override
    public SSLSession getSession() {
        return connectedUnchecked().getSession();
    }

    @Override
    public SSLSession getHandshakeSession() {
        SSLSocket s = ssl;
        return s == null ? null : s.getHandshakeSession();
    }

    @Override
    public SSLParameters getSSLParameters() {
        return connectedUnchecked().getSSLParameters();
    }

    @Override
    public void setSSLParameters(SSLParameters params) {
        configureUnchecked(s -> s.setSSLParameters(params));
    }

    @Override
    public void addHandshakeCompletedListener(HandshakeCompletedListener listener) {
        configureUnchecked(s -> s.addHandshakeCompletedListener(listener));
    }

    @Override
    public void removeHandshakeCompletedListener(HandshakeCompletedListener listener) {
        connectedUnchecked().removeHandshakeCompletedListener(listener);
    }

    @Override
    public void setUseClientMode(boolean mode) {
        configureUnchecked(s -> s.setUseClientMode(mode));
    }

    @Override
    public boolean getUseClientMode() {
        return connectedUnchecked().getUseClientMode();
    }

    @Override
    public void setNeedClientAuth(boolean need) {
        configureUnchecked(s -> s.setNeedClientAuth(need));
    }

    @Override
    public boolean getNeedClientAuth() {
        return connectedUnchecked().getNeedClientAuth();
    }

    @Override
    public void setWantClientAuth(boolean want) {
        configureUnchecked(s -> s.setWantClientAuth(want));
    }

    @Override
    public boolean getWantClientAuth() {
        return connectedUnchecked().getWantClientAuth();
    }

    @Override
    public void setEnableSessionCreation(boolean flag) {
        configureUnchecked(s -> s.setEnableSessionCreation(flag));
    }

    @Override
    public boolean getEnableSessionCreation() {
        return connectedUnchecked().getEnableSessionCreation();
    }

    @Override
    public String getApplicationProtocol() {
        return connectedUnchecked().getApplicationProtocol();
    }

    @Override
    public String getHandshakeApplicationProtocol() {
        SSLSocket s = ssl;
        return s == null ? null : s.getHandshakeApplicationProtocol();
    }

    @Override
    public void setHandshakeApplicationProtocolSelector(BiFunction<SSLSocket, List<String>, String> selector) {
        configureUnchecked(s -> s.setHandshakeApplicationProtocolSelector(selector));
    }

    @Override
    public BiFunction<SSLSocket, List<String>, String> getHandshakeApplicationProtocolSelector() {
        return connectedUnchecked().getHandshakeApplicationProtocolSelector();
    }

    @Override
    public String toString() {
        return "TunneledSslSocket[" + target + " via " + proxy + (closed ? ", closed" : "") + "]";
    }
}
