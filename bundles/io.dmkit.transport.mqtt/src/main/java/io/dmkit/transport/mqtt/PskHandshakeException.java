package io.dmkit.transport.mqtt;

import javax.net.ssl.SSLHandshakeException;

import org.bouncycastle.tls.AlertDescription;

/**
 * A TLS-PSK handshake did not complete. When the server refused it with an alert,
 * {@link #alertDescription()} is that alert: mosquitto (OpenSSL) answers an unknown identity with
 * {@code unknown_psk_identity} (115) and a wrong key with {@code bad_record_mac} (20): with
 * an AEAD suite the server cannot decrypt the client's Finished message (other servers, or CBC
 * suites, may send {@code decrypt_error} (51)); {@link #isCredentialRejected()} is true for those.
 *
 * <p>Paho wraps it: {@code MqttException} (reason code 0, {@code REASON_CODE_CLIENT_EXCEPTION})
 * whose cause is this exception.
 *
 * <p>It lives here, beside {@link MqttReasons} which reads it, rather than in the {@code tls} package
 * whose {@code PskSocket} throws it: {@code tls} depends on this package, never the other way round.
 */
public final class PskHandshakeException extends SSLHandshakeException {

    private static final long serialVersionUID = 1L;

    /** No alert: the handshake failed locally, timed out, or the connection broke. */
    public static final short NO_ALERT = -1;

    private final short alertDescription;
    private final boolean alertReceived;

    public PskHandshakeException(String message, short alertDescription, boolean alertReceived, Throwable cause) {
        super(message);
        this.alertDescription = alertDescription;
        this.alertReceived = alertReceived;
        initCause(cause);
    }

    /** The TLS alert (RFC 5246 §7.2) that ended the handshake, or {@link #NO_ALERT}. */
    public short alertDescription() {
        return alertDescription;
    }

    /** True if the server sent the alert, false if this side raised it or there was none. */
    public boolean alertReceived() {
        return alertReceived;
    }

    /**
     * True if the server refused the identity or key: it sent {@code unknown_psk_identity},
     * {@code decrypt_error} or {@code bad_record_mac} during the handshake. A session maps this to
     * a bad credential rather than to a network problem.
     */
    public boolean isCredentialRejected() {
        return alertReceived && (alertDescription == AlertDescription.unknown_psk_identity
                || alertDescription == AlertDescription.decrypt_error
                || alertDescription == AlertDescription.bad_record_mac);
    }
}
