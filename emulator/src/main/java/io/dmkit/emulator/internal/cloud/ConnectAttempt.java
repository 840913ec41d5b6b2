package io.dmkit.emulator.internal.cloud;

import java.security.cert.X509Certificate;
import java.util.Optional;

/**
 * What a device presented in CONNECT and the TLS handshake. The password is a secret: not in
 * {@link #toString()}.
 *
 * @param listener the broker listener's name ({@code BrokerListeners.MQTT_TLS}, {@code WEBSOCKET_TLS}, …)
 * @param mqttVersion 3 (3.1 / 3.1.1) or 5
 */
public record ConnectAttempt(String clientId, Optional<String> userName, Optional<byte[]> password,
        Optional<X509Certificate> clientCertificate, String listener, int mqttVersion, boolean tls) {

    @Override
    public String toString() {
        return "ConnectAttempt[" + clientId + ", user=" + userName.orElse("-") + ", cert="
                + clientCertificate.map(c -> c.getSubjectX500Principal().getName()).orElse("-") + ", " + listener
                + ", mqtt" + mqttVersion + "]";
    }
}
