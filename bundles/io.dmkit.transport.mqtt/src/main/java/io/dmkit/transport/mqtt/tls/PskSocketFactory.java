package io.dmkit.transport.mqtt.tls;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.SecureRandom;

import javax.net.SocketFactory;

import org.bouncycastle.tls.crypto.TlsCrypto;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

import io.dmkit.api.InvalidConfigurationException;

/**
 * Sockets that speak TLS 1.2 with a pre-shared key (RFC 4279), through Bouncy Castle, for Paho's
 * {@code tcp://} URIs: {@code options.setSocketFactory(new PskSocketFactory(deviceId, hexKey))}.
 * The PSK identity is the device id; the key is the hex-decoded {@code key} attribute.
 *
 * <p>Each socket performs the handshake inside {@link Socket#connect(java.net.SocketAddress, int)}
 * (bounded by the connect timeout) and then behaves as a plain socket whose streams carry
 * application data; read timeouts set with {@code setSoTimeout} surface as
 * {@link java.net.SocketTimeoutException} and leave the TLS session intact, which Paho's receiver
 * relies on. A failed handshake throws {@link io.dmkit.transport.mqtt.PskHandshakeException}.
 *
 * <p>The key never appears in {@link #toString()}, a log line or an exception message.
 * BcTlsCrypto is used so that nothing needs Bouncy Castle registered as a JCA provider.
 */
public final class PskSocketFactory extends SocketFactory {

    private final String identity;
    private final byte[] psk;
    private final TlsCrypto crypto = new BcTlsCrypto(new SecureRandom());

    /**
     * @param identity the PSK identity: the device id ({@code device.id})
     * @param hexKey   the pre-shared key as hexadecimal digits ({@code key}); surrounding white space is ignored
     * @throws InvalidConfigurationException for {@code device.id} if the identity is empty, for
     *         {@code key} if the key is not a non-empty, even-length hexadecimal string
     */
    public PskSocketFactory(String identity, String hexKey) {
        if (identity == null || identity.isEmpty()) {
            throw new InvalidConfigurationException("device.id", "must not be empty: it is the TLS-PSK identity");
        }
        this.identity = identity;
        this.psk = PskKey.decode(hexKey);
    }

    /** The PSK identity sent to the server. */
    public String identity() {
        return identity;
    }

    /** An unconnected socket; {@code connect} opens TCP and performs the TLS-PSK handshake. */
    @Override
    public Socket createSocket() {
        return new PskSocket(crypto, identity, psk);
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connect(createSocket(), new InetSocketAddress(host, port), null);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return connect(createSocket(), new InetSocketAddress(host, port), new InetSocketAddress(localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connect(createSocket(), new InetSocketAddress(host, port), null);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return connect(createSocket(), new InetSocketAddress(address, port),
                new InetSocketAddress(localAddress, localPort));
    }

    @Override
    public String toString() {
        return "PskSocketFactory[identity=" + identity + "]";
    }

    private static Socket connect(Socket socket, InetSocketAddress remote, InetSocketAddress local) throws IOException {
        try {
            if (local != null) {
                socket.bind(local);
            }
            socket.connect(remote);
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }
}
