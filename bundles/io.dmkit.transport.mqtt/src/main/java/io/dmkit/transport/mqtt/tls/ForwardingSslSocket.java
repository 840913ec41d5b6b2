package io.dmkit.transport.mqtt.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketOption;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import javax.net.ssl.HandshakeCompletedListener;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * An {@link SSLSocket} that forwards every method to another one, so that a subclass overrides only
 * what it changes. Paho needs an {@code SSLSocket} (it sets SNI and host name verification on it), so
 * a socket that adds behaviour to JSSE's must be one, and {@code SSLSocket} has some seventy methods.
 *
 * <p>Three hooks say where calls go: {@link #delegate()} for calls that cannot fail with an I/O error,
 * {@link #delegateForIo()} for those that can, and {@link #configure} for every setting, so that a
 * subclass whose delegate does not exist yet (a tunnel still to be opened) can keep settings until it
 * does.
 */
public abstract class ForwardingSslSocket extends SSLSocket {

    /** A change to a setting of a socket. */
    @FunctionalInterface
    protected interface Setting {
        void applyTo(SSLSocket socket) throws SocketException;
    }

    /** The socket calls go to; throws an unchecked exception if there is none (yet). */
    protected abstract SSLSocket delegate();

    /** The socket calls that may fail with an I/O error go to: {@link #delegate()} unless overridden. */
    protected SSLSocket delegateForIo() throws SocketException {
        return delegate();
    }

    /** Applies a setting: at once, to {@link #delegate()}, unless overridden. */
    protected void configure(Setting setting) throws SocketException {
        setting.applyTo(delegate());
    }

    /** A setting whose method declares no I/O error (most TLS settings). */
    private void configureUnchecked(Setting setting) {
        try {
            configure(setting);
        } catch (SocketException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    // ---- TLS ----

    @Override
    public String[] getSupportedCipherSuites() {
        return delegate().getSupportedCipherSuites();
    }

    @Override
    public String[] getEnabledCipherSuites() {
        return delegate().getEnabledCipherSuites();
    }

    @Override
    public void setEnabledCipherSuites(String[] suites) {
        String[] copy = suites.clone(); // the setting may be applied later
        configureUnchecked(s -> s.setEnabledCipherSuites(copy));
    }

    @Override
    public String[] getSupportedProtocols() {
        return delegate().getSupportedProtocols();
    }

    @Override
    public String[] getEnabledProtocols() {
        return delegate().getEnabledProtocols();
    }

    @Override
    public void setEnabledProtocols(String[] protocols) {
        String[] copy = protocols.clone();
        configureUnchecked(s -> s.setEnabledProtocols(copy));
    }

    @Override
    public SSLParameters getSSLParameters() {
        return delegate().getSSLParameters();
    }

    @Override
    public void setSSLParameters(SSLParameters parameters) {
        configureUnchecked(s -> s.setSSLParameters(parameters));
    }

    @Override
    public SSLSession getSession() {
        return delegate().getSession();
    }

    @Override
    public SSLSession getHandshakeSession() {
        return delegate().getHandshakeSession();
    }

    @Override
    public void addHandshakeCompletedListener(HandshakeCompletedListener listener) {
        configureUnchecked(s -> s.addHandshakeCompletedListener(listener));
    }

    @Override
    public void removeHandshakeCompletedListener(HandshakeCompletedListener listener) {
        delegate().removeHandshakeCompletedListener(listener);
    }

    @Override
    public void startHandshake() throws IOException {
        delegateForIo().startHandshake();
    }

    @Override
    public void setUseClientMode(boolean mode) {
        configureUnchecked(s -> s.setUseClientMode(mode));
    }

    @Override
    public boolean getUseClientMode() {
        return delegate().getUseClientMode();
    }

    @Override
    public void setNeedClientAuth(boolean need) {
        configureUnchecked(s -> s.setNeedClientAuth(need));
    }

    @Override
    public boolean getNeedClientAuth() {
        return delegate().getNeedClientAuth();
    }

    @Override
    public void setWantClientAuth(boolean want) {
        configureUnchecked(s -> s.setWantClientAuth(want));
    }

    @Override
    public boolean getWantClientAuth() {
        return delegate().getWantClientAuth();
    }

    @Override
    public void setEnableSessionCreation(boolean flag) {
        configureUnchecked(s -> s.setEnableSessionCreation(flag));
    }

    @Override
    public boolean getEnableSessionCreation() {
        return delegate().getEnableSessionCreation();
    }

    @Override
    public String getApplicationProtocol() {
        return delegate().getApplicationProtocol();
    }

    @Override
    public String getHandshakeApplicationProtocol() {
        return delegate().getHandshakeApplicationProtocol();
    }

    @Override
    public void setHandshakeApplicationProtocolSelector(BiFunction<SSLSocket, List<String>, String> selector) {
        configureUnchecked(s -> s.setHandshakeApplicationProtocolSelector(selector));
    }

    @Override
    public BiFunction<SSLSocket, List<String>, String> getHandshakeApplicationProtocolSelector() {
        return delegate().getHandshakeApplicationProtocolSelector();
    }

    // ---- connection and streams ----

    @Override
    public void connect(SocketAddress endpoint) throws IOException {
        delegateForIo().connect(endpoint);
    }

    @Override
    public void connect(SocketAddress endpoint, int timeout) throws IOException {
        delegateForIo().connect(endpoint, timeout);
    }

    @Override
    public void bind(SocketAddress bindpoint) throws IOException {
        delegateForIo().bind(bindpoint);
    }

    @Override
    public InputStream getInputStream() throws IOException {
        return delegateForIo().getInputStream();
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
        return delegateForIo().getOutputStream();
    }

    @Override
    public SocketChannel getChannel() {
        return delegate().getChannel();
    }

    @Override
    public void sendUrgentData(int data) throws IOException {
        delegateForIo().sendUrgentData(data);
    }

    @Override
    public void close() throws IOException {
        delegateForIo().close();
    }

    @Override
    public void shutdownInput() throws IOException {
        delegateForIo().shutdownInput();
    }

    @Override
    public void shutdownOutput() throws IOException {
        delegateForIo().shutdownOutput();
    }

    @Override
    public boolean isConnected() {
        return delegate().isConnected();
    }

    @Override
    public boolean isBound() {
        return delegate().isBound();
    }

    @Override
    public boolean isClosed() {
        return delegate().isClosed();
    }

    @Override
    public boolean isInputShutdown() {
        return delegate().isInputShutdown();
    }

    @Override
    public boolean isOutputShutdown() {
        return delegate().isOutputShutdown();
    }

    // ---- addresses ----

    @Override
    public InetAddress getInetAddress() {
        return delegate().getInetAddress();
    }

    @Override
    public InetAddress getLocalAddress() {
        return delegate().getLocalAddress();
    }

    @Override
    public int getPort() {
        return delegate().getPort();
    }

    @Override
    public int getLocalPort() {
        return delegate().getLocalPort();
    }

    @Override
    public SocketAddress getRemoteSocketAddress() {
        return delegate().getRemoteSocketAddress();
    }

    @Override
    public SocketAddress getLocalSocketAddress() {
        return delegate().getLocalSocketAddress();
    }

    // ---- socket options ----

    @Override
    public void setTcpNoDelay(boolean on) throws SocketException {
        configure(s -> s.setTcpNoDelay(on));
    }

    @Override
    public boolean getTcpNoDelay() throws SocketException {
        return delegateForIo().getTcpNoDelay();
    }

    @Override
    public void setSoLinger(boolean on, int linger) throws SocketException {
        configure(s -> s.setSoLinger(on, linger));
    }

    @Override
    public int getSoLinger() throws SocketException {
        return delegateForIo().getSoLinger();
    }

    @Override
    public void setOOBInline(boolean on) throws SocketException {
        configure(s -> s.setOOBInline(on));
    }

    @Override
    public boolean getOOBInline() throws SocketException {
        return delegateForIo().getOOBInline();
    }

    @Override
    public void setSoTimeout(int timeout) throws SocketException {
        configure(s -> s.setSoTimeout(timeout));
    }

    @Override
    public int getSoTimeout() throws SocketException {
        return delegateForIo().getSoTimeout();
    }

    @Override
    public void setSendBufferSize(int size) throws SocketException {
        configure(s -> s.setSendBufferSize(size));
    }

    @Override
    public int getSendBufferSize() throws SocketException {
        return delegateForIo().getSendBufferSize();
    }

    @Override
    public void setReceiveBufferSize(int size) throws SocketException {
        configure(s -> s.setReceiveBufferSize(size));
    }

    @Override
    public int getReceiveBufferSize() throws SocketException {
        return delegateForIo().getReceiveBufferSize();
    }

    @Override
    public void setKeepAlive(boolean on) throws SocketException {
        configure(s -> s.setKeepAlive(on));
    }

    @Override
    public boolean getKeepAlive() throws SocketException {
        return delegateForIo().getKeepAlive();
    }

    @Override
    public void setTrafficClass(int tc) throws SocketException {
        configure(s -> s.setTrafficClass(tc));
    }

    @Override
    public int getTrafficClass() throws SocketException {
        return delegateForIo().getTrafficClass();
    }

    @Override
    public void setReuseAddress(boolean on) throws SocketException {
        configure(s -> s.setReuseAddress(on));
    }

    @Override
    public boolean getReuseAddress() throws SocketException {
        return delegateForIo().getReuseAddress();
    }

    @Override
    public void setPerformancePreferences(int connectionTime, int latency, int bandwidth) {
        configureUnchecked(s -> s.setPerformancePreferences(connectionTime, latency, bandwidth));
    }

    @Override
    public <T> Socket setOption(SocketOption<T> name, T value) throws IOException {
        delegateForIo().setOption(name, value);
        return this;
    }

    @Override
    public <T> T getOption(SocketOption<T> name) throws IOException {
        return delegateForIo().getOption(name);
    }

    @Override
    public Set<SocketOption<?>> supportedOptions() {
        return delegate().supportedOptions();
    }
}
