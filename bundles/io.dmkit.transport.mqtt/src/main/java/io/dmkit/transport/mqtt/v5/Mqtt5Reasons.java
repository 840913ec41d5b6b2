package io.dmkit.transport.mqtt.v5;

import io.dmkit.api.ConnectionReason;
import io.dmkit.transport.mqtt.MqttReasons;
import io.dmkit.transport.mqtt.MqttReasons.Diagnosis;
import java.util.Locale;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.common.MqttException;

/**
 * What MQTT 5 reason codes mean for a session: a refused CONNECT (CONNACK), a DISCONNECT the service
 * sends, a refused publish (PUBACK). Failures below MQTT (TLS alerts, unreachable hosts, closed
 * sockets) are diagnosed as for MQTT 3.1.1, by {@link MqttReasons}. Details name the likely fix and
 * never contain a secret.
 */
public final class Mqtt5Reasons {

    private Mqtt5Reasons() {
    }

    /**
     * Diagnoses a failure Paho's {@code mqttv5} client reported.
     *
     * @param established whether the connection had been established (a lost connection) or not (a
     *        failed attempt)
     */
    public static Diagnosis diagnose(Throwable error, boolean established) {
        if (error instanceof MqttException me) {
            int code = me.getReasonCode();
            if (code >= 0x80 && code <= 0xFF) {
                // An MQTT 5 reason code from the service (Paho's own codes are 32000 and up).
                return established ? serverDisconnect(code, null) : refused(code);
            }
            if (code == MqttClientException.REASON_CODE_CLIENT_TIMEOUT) {
                return established
                        ? new Diagnosis(ConnectionReason.NO_PING_RESPONSE, "the service stopped answering keep-alive pings")
                        : new Diagnosis(ConnectionReason.NO_NETWORK, "the service did not answer the connection request "
                                + "in time");
            }
        }
        return MqttReasons.diagnose(error, established);
    }

    /** A CONNACK that refused the connection. */
    private static Diagnosis refused(int code) {
        String what = "the service refused the connection (CONNACK " + describe(code) + ")";
        return switch (code) {
            case 0x86, 0x87, 0x8C -> new Diagnosis(ConnectionReason.BAD_CREDENTIAL, what
                    + "; check the device id, the credentials or certificate, and what the service allows this device");
            case 0x85 -> new Diagnosis(ConnectionReason.BAD_CREDENTIAL, what + "; check the client id (device id)");
            case 0x8A -> new Diagnosis(ConnectionReason.DEVICE_DISABLED, what + ": the device is banned");
            case 0x97, 0x9F -> new Diagnosis(ConnectionReason.QUOTA_EXCEEDED, what + "; connect less often");
            case 0x84 -> new Diagnosis(ConnectionReason.COMMUNICATION_ERROR, what + ": the service does not speak "
                    + "MQTT 5");
            default -> new Diagnosis(ConnectionReason.COMMUNICATION_ERROR, what);
        };
    }

    /** A DISCONNECT the service sent on an established connection. */
    public static Diagnosis serverDisconnect(int code, String reasonString) {
        String what = "the service closed the connection (DISCONNECT " + describe(code) + ")"
                + (reasonString == null || reasonString.isBlank() ? "" : ": " + reasonString);
        return switch (code) {
            case 0x87 -> new Diagnosis(ConnectionReason.BAD_CREDENTIAL, what + "; check what the service allows "
                    + "this device");
            case 0x8D -> new Diagnosis(ConnectionReason.NO_PING_RESPONSE, what + "; the service did not hear from "
                    + "the device within the keep-alive");
            case 0x8E -> new Diagnosis(ConnectionReason.COMMUNICATION_ERROR, what + "; another connection with the "
                    + "same client id took over");
            case 0x96, 0x97 -> new Diagnosis(ConnectionReason.QUOTA_EXCEEDED, what);
            default -> new Diagnosis(ConnectionReason.COMMUNICATION_ERROR, what);
        };
    }

    /**
     * The HTTP-like status of a PUBACK reason code: 0 for the success codes (below 0x80, "no matching
     * subscribers" included: the service took the message), otherwise 403 not authorized, 400 for a
     * topic or payload the service refuses, 413 too large, 429 quota or rate exceeded, 500 else.
     */
    public static int publishStatus(int code) {
        if (code < 0x80) {
            return 0;
        }
        return switch (code) {
            case 0x87 -> 403;
            case 0x90, 0x99 -> 400;
            case 0x95 -> 413;
            case 0x96, 0x97 -> 429;
            default -> 500;
        };
    }

    /** A reason code in hex with its name from the MQTT 5 specification, for messages: "0x87 not authorized". */
    public static String describe(int code) {
        String name = switch (code) {
            case 0x00 -> "success";
            case 0x10 -> "no matching subscribers";
            case 0x80 -> "unspecified error";
            case 0x81 -> "malformed packet";
            case 0x82 -> "protocol error";
            case 0x83 -> "implementation specific error";
            case 0x84 -> "unsupported protocol version";
            case 0x85 -> "client identifier not valid";
            case 0x86 -> "bad user name or password";
            case 0x87 -> "not authorized";
            case 0x88 -> "server unavailable";
            case 0x89 -> "server busy";
            case 0x8A -> "banned";
            case 0x8B -> "server shutting down";
            case 0x8C -> "bad authentication method";
            case 0x8D -> "keep alive timeout";
            case 0x8E -> "session taken over";
            case 0x8F -> "topic filter invalid";
            case 0x90 -> "topic name invalid";
            case 0x93 -> "receive maximum exceeded";
            case 0x95 -> "packet too large";
            case 0x96 -> "message rate too high";
            case 0x97 -> "quota exceeded";
            case 0x98 -> "administrative action";
            case 0x99 -> "payload format invalid";
            case 0x9C -> "use another server";
            case 0x9D -> "server moved";
            case 0x9F -> "connection rate exceeded";
            case 0xA0 -> "maximum connect time";
            default -> "reason code " + code;
        };
        return String.format(Locale.ROOT, "0x%02X %s", code, name);
    }
}
