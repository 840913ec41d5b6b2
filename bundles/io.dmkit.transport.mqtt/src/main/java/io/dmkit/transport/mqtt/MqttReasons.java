package io.dmkit.transport.mqtt;

import io.dmkit.api.ConnectionReason;
import java.io.EOFException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.Locale;
import javax.net.ssl.SSLException;
import org.eclipse.paho.client.mqttv3.MqttException;

/**
 * Turns what Paho and the TLS stack throw into a {@link ConnectionReason} and a sentence a person
 * can act on. The sentence names the likely fix; it never contains a secret.
 */
public final class MqttReasons {

    /** A reason and the words that go with it. */
    public record Diagnosis(ConnectionReason reason, String detail) {
    }

    private MqttReasons() {
    }

    /**
     * Diagnoses a failure.
     *
     * @param error what Paho reported
     * @param established whether the connection had been established (a lost connection) or not
     *        (a failed attempt)
     */
    public static Diagnosis diagnose(Throwable error, boolean established) {
        if (error instanceof MqttException me) {
            switch (me.getReasonCode()) {
                case MqttException.REASON_CODE_FAILED_AUTHENTICATION:
                    return new Diagnosis(ConnectionReason.BAD_CREDENTIAL,
                            "the service refused the credentials (CONNACK 4: bad user name or password); check the "
                                    + "device id and key");
                case MqttException.REASON_CODE_NOT_AUTHORIZED:
                    return new Diagnosis(ConnectionReason.BAD_CREDENTIAL,
                            "the service refused the device (CONNACK 5: not authorized); check the device id, key or "
                                    + "certificate, and that the device is registered");
                case MqttException.REASON_CODE_INVALID_CLIENT_ID:
                    return new Diagnosis(ConnectionReason.BAD_CREDENTIAL,
                            "the service refused the client id (CONNACK 2); check the device id");
                case MqttException.REASON_CODE_INVALID_PROTOCOL_VERSION:
                    return new Diagnosis(ConnectionReason.COMMUNICATION_ERROR,
                            "the service does not speak MQTT 3.1.1 (CONNACK 1)");
                case MqttException.REASON_CODE_BROKER_UNAVAILABLE:
                    return new Diagnosis(ConnectionReason.COMMUNICATION_ERROR,
                            "the service is unavailable (CONNACK 3)");
                case MqttException.REASON_CODE_SUBSCRIBE_FAILED:
                    return new Diagnosis(ConnectionReason.COMMUNICATION_ERROR, me.getMessage());
                default:
                    break;
            }
        }
        Diagnosis tls = tlsFailure(error);
        if (tls != null) {
            return tls;
        }
        if (has(error, UnknownHostException.class)) {
            return new Diagnosis(ConnectionReason.NO_NETWORK, "cannot resolve the host name "
                    + find(error, UnknownHostException.class).getMessage() + "; check the host and DNS");
        }
        if (has(error, ConnectException.class) || has(error, NoRouteToHostException.class)
                || error instanceof MqttException me && me.getReasonCode() == MqttException.REASON_CODE_SERVER_CONNECT_ERROR) {
            return new Diagnosis(ConnectionReason.NO_NETWORK, "cannot reach the service (" + rootMessage(error)
                    + "); check the host, the port and the network");
        }
        if (error instanceof MqttException me && me.getReasonCode() == MqttException.REASON_CODE_CLIENT_TIMEOUT) {
            return established
                    ? new Diagnosis(ConnectionReason.NO_PING_RESPONSE, "the service stopped answering keep-alive pings")
                    : new Diagnosis(ConnectionReason.NO_NETWORK, "the service did not answer the connection request in "
                            + "time");
        }
        if (has(error, SocketTimeoutException.class)) {
            return new Diagnosis(established ? ConnectionReason.NO_PING_RESPONSE : ConnectionReason.NO_NETWORK,
                    "no answer from the service in time");
        }
        if (has(error, EOFException.class)) {
            return new Diagnosis(ConnectionReason.COMMUNICATION_ERROR, established
                    ? "the service closed the connection"
                    : "the service closed the connection while connecting; check the credentials and the port");
        }
        return new Diagnosis(ConnectionReason.COMMUNICATION_ERROR, established
                ? "connection lost: " + rootMessage(error) : "connecting failed: " + rootMessage(error));
    }

    private static Diagnosis tlsFailure(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof PskHandshakeException psk && psk.isCredentialRejected()) {
                return new Diagnosis(ConnectionReason.BAD_CREDENTIAL, "the service refused the TLS-PSK credentials "
                        + "(" + psk.getMessage() + "); check device.id and key");
            }
            if (t instanceof CertPathValidatorException || t instanceof CertificateException
                    || t instanceof SSLException && String.valueOf(t.getMessage()).contains("PKIX")) {
                return new Diagnosis(ConnectionReason.COMMUNICATION_ERROR, "the service's certificate is not trusted ("
                        + t.getMessage() + "); check root.ca");
            }
            String alert = alert(t);
            if (alert != null) {
                return new Diagnosis(ConnectionReason.BAD_CREDENTIAL, "the service refused the TLS handshake (alert "
                        + alert + "); check the device key or client certificate");
            }
            if (t instanceof SSLException && String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT)
                    .contains("no subject alternative")) {
                return new Diagnosis(ConnectionReason.COMMUNICATION_ERROR, "the service's certificate does not match "
                        + "the host name (" + t.getMessage() + "); check host");
            }
        }
        return null;
    }

    /** The TLS alert the peer sent, from JSSE's or Bouncy Castle's exception, or null. */
    private static String alert(Throwable t) {
        String message = String.valueOf(t.getMessage());
        if (t instanceof SSLException && message.startsWith("Received fatal alert: ")) {
            return message.substring("Received fatal alert: ".length());
        }
        if (t.getClass().getName().equals("org.bouncycastle.tls.TlsFatalAlertReceived")) {
            return message;
        }
        return null;
    }

    private static boolean has(Throwable error, Class<? extends Throwable> type) {
        return find(error, type) != null;
    }

    private static <T extends Throwable> T find(Throwable error, Class<T> type) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        return m == null || m.isBlank() ? root.getClass().getSimpleName() : m;
    }
}
