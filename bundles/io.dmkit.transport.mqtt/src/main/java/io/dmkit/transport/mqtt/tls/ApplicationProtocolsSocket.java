package io.dmkit.transport.mqtt.tls;

import java.util.List;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * An {@link SSLSocket} that keeps offering its ALPN protocols when a caller replaces its
 * {@link SSLParameters}. Paho (both clients, 1.2.5) sets {@code new SSLParameters()} carrying only the
 * server name, then only the host name verification, just before the handshake; JSSE takes the empty
 * ALPN list of those parameters as "offer none", and AWS IoT Core then refuses MQTT on port 443.
 * Everything else is the JSSE socket's own behaviour.
 */
final class ApplicationProtocolsSocket extends ForwardingSslSocket {

    private final SSLSocket delegate;
    private final String[] applicationProtocols;

    ApplicationProtocolsSocket(SSLSocket delegate, List<String> applicationProtocols) {
        this.delegate = delegate;
        this.applicationProtocols = applicationProtocols.toArray(new String[0]);
        SSLParameters parameters = delegate.getSSLParameters();
        parameters.setApplicationProtocols(this.applicationProtocols.clone());
        delegate.setSSLParameters(parameters);
    }

    @Override
    protected SSLSocket delegate() {
        return delegate;
    }

    /** Applies {@code parameters}, keeping the ALPN protocols unless they name others. */
    @Override
    public void setSSLParameters(SSLParameters parameters) {
        String[] asked = parameters.getApplicationProtocols();
        if (asked == null || asked.length == 0) {
            parameters.setApplicationProtocols(applicationProtocols.clone());
        }
        delegate.setSSLParameters(parameters);
    }

    @Override
    public String toString() {
        return "ApplicationProtocolsSocket[" + delegate + "]";
    }
}
