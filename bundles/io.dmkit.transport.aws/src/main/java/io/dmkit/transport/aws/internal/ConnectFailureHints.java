package io.dmkit.transport.aws.internal;

import io.dmkit.api.ConnectionReason;
import io.dmkit.api.SessionConfig;
import io.dmkit.api.spi.TransportException;
import io.dmkit.transport.mqtt.tls.ClientIdentity;
import java.io.EOFException;
import java.net.ConnectException;
import java.net.SocketException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.CompletionException;
import javax.net.ssl.SSLException;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.common.MqttException;

/**
 * Says what to check in AWS IoT when a connection attempt fails for a reason the device's credentials
 * explain. The generic diagnosis names the TLS alert or CONNACK code; this adds which certificate AWS
 * looked at (subject and AWS certificate id, the SHA-256 of the certificate, as the AWS console and CLI
 * show it) and what AWS requires of it. The core logs the detail with the state change, so the log line
 * of a refused certificate names the certificate to look up.
 *
 * <ul>
 * <li>An expired client certificate is {@link ConnectionReason#EXPIRED_CREDENTIAL}, whatever alert the
 * service sent: renewing it is the fix.</li>
 * <li>A TLS alert (unknown, inactive, revoked certificate: AWS refuses them in the handshake) is
 * {@link ConnectionReason#BAD_CREDENTIAL} with the certificate's registration to check.</li>
 * <li>A refusing CONNACK points at the policy attached to the certificate and the client id.</li>
 * <li>A connection the service closes before any CONNACK is {@link ConnectionReason#BAD_CREDENTIAL}
 * too: AWS answers so a CONNECT its policy does not allow, and, over TLS 1.3, a certificate it refuses
 * once the client has finished its handshake (the emulator does the same for a certificate of another
 * CA). The detail names both the certificate and the policy to check.</li>
 * </ul>
 */
final class ConnectFailureHints {

    private final String thing;
    private final String clientId;
    private final X509Certificate certificate;
    private final String certificateLabel;
    private final Clock clock;

    ConnectFailureHints(String thing, String clientId, ClientIdentity identity, Clock clock) {
        this.thing = thing;
        this.clientId = clientId;
        this.certificate = identity.chain().get(0);
        this.certificateLabel = label(certificate);
        this.clock = clock;
    }

    /**
     * The failure of a connection attempt, explained for AWS IoT (unwrapped from a
     * {@link CompletionException}); failures it has nothing to add to are returned as they are.
     */
    Throwable explain(Throwable failure) {
        Throwable f = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (!(f instanceof TransportException e)) {
            return f;
        }
        boolean refusedInHandshake = e.reason() == ConnectionReason.BAD_CREDENTIAL && has(e, SSLException.class);
        boolean refusedByConnack = e.reason() == ConnectionReason.BAD_CREDENTIAL && refusingConnack(e);
        boolean hungUp = e.reason() == ConnectionReason.COMMUNICATION_ERROR && closedBeforeConnack(e);
        if (e.reason() != ConnectionReason.BAD_CREDENTIAL && !hungUp) {
            return e;
        }
        Instant now = clock.instant();
        if (now.isAfter(certificate.getNotAfter().toInstant())) {
            return new TransportException(ConnectionReason.EXPIRED_CREDENTIAL, e.status(), "the client certificate in "
                    + SessionConfig.CERT.id() + " (" + certificateLabel + ") expired on " + certificate.getNotAfter().toInstant()
                    + "; create a new certificate for thing '" + thing + "' in AWS IoT and configure it and its key",
                    e.getCause());
        }
        if (refusedInHandshake) {
            return new TransportException(e.reason(), e.status(), e.getMessage() + ". AWS IoT refuses unknown, inactive "
                    + "and revoked certificates in the TLS handshake: check that the certificate in " + SessionConfig.CERT.id()
                    + " (" + certificateLabel + ") is registered in this account and region, is ACTIVE, and that "
                    + SessionConfig.KEY.id() + " holds its private key", e.getCause());
        }
        if (refusedByConnack) {
            return new TransportException(e.reason(), e.status(), e.getMessage() + ". AWS IoT checks the policy "
                    + "attached to the certificate (" + certificateLabel + "): it must allow iot:Connect for client id '"
                    + clientId + "'", e.getCause());
        }
        if (hungUp) {
            return new TransportException(ConnectionReason.BAD_CREDENTIAL, e.status(), e.getMessage() + ". AWS IoT "
                    + "closes a connection without answering its CONNECT when the certificate in " + SessionConfig.CERT.id()
                    + " (" + certificateLabel + ") is unknown, not ACTIVE or refused after the TLS handshake, or when the "
                    + "policy attached to it does not allow iot:Connect for client id '" + clientId + "'", e.getCause());
        }
        return e;
    }

    /** Subject, AWS certificate id (SHA-256 of the DER encoding) and expiry, for people. */
    static String label(X509Certificate certificate) {
        String id;
        try {
            id = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (CertificateEncodingException e) {
            id = "unreadable";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
        return certificate.getSubjectX500Principal().getName() + ", AWS certificate id " + id + ", valid until "
                + certificate.getNotAfter().toInstant();
    }

    private static boolean refusingConnack(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MqttException me && me.getReasonCode() >= 0x80 && me.getReasonCode() <= 0xFF) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the service closed the connection after accepting it and before any CONNACK: end of
     * stream, a reset or a broken pipe while connecting, not a failure to reach it or to trust it.
     */
    private static boolean closedBeforeConnack(Throwable e) {
        if (has(e, SSLException.class) || has(e, ConnectException.class)) {
            return false;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            if (t instanceof EOFException
                    || t instanceof SocketException && (message.contains("Broken pipe") || message.contains("reset"))
                    || t instanceof MqttException me
                            && me.getReasonCode() == MqttClientException.REASON_CODE_CONNECTION_LOST) {
                return true;
            }
        }
        return false;
    }

    private static boolean has(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
