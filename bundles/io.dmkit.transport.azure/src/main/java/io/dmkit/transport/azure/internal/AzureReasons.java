package io.dmkit.transport.azure.internal;

import io.dmkit.api.ConnectionReason;
import io.dmkit.api.spi.TransportException;
import io.dmkit.transport.mqtt.MqttReasons;
import io.dmkit.transport.mqtt.proxy.ProxyTunnelException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletionException;
import org.eclipse.paho.client.mqttv3.MqttException;

/**
 * The Azure C SDK's connection reasons ({@code protocols.md} §7.2) read from what actually happened,
 * with a detail that names what to check. The generic reading ({@link MqttReasons}) comes first;
 * this class adds what only IoT Hub means: CONNACK 4 and 5 say which credential to check (never its
 * value), a connection closed at its token's expiry is {@link ConnectionReason#EXPIRED_CREDENTIAL},
 * a closed connection may be a second connection of the device, and a proxy says what it refused.
 */
final class AzureReasons {

    /**
     * How close to its token's expiry a lost connection counts as closed for the expiry: clocks of
     * the gateway and the hub differ a little. Shorter for short test lifetimes.
     */
    static Duration expiryTolerance(Duration lifetime) {
        Duration twentieth = lifetime.dividedBy(20);
        return twentieth.compareTo(Duration.ofSeconds(30)) < 0 ? twentieth : Duration.ofSeconds(30);
    }

    private AzureReasons() {
    }

    /** A failed connection attempt, read the Azure way. */
    static TransportException connectFailed(Throwable failure, AzureSettings settings) {
        Throwable f = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        Throwable cause = f instanceof TransportException && f.getCause() != null ? f.getCause() : f;
        ProxyTunnelException proxy = find(cause, ProxyTunnelException.class);
        if (proxy != null) {
            return TransportException.connectFailed(proxy.reason(), proxy.getMessage(), failure);
        }
        MqttException mqtt = find(cause, MqttException.class);
        if (mqtt != null) {
            String device = "device '" + settings.deviceId + "'";
            switch (mqtt.getReasonCode()) {
                case MqttException.REASON_CODE_NOT_AUTHORIZED:
                    return TransportException.connectFailed(ConnectionReason.BAD_CREDENTIAL, "IoT Hub refused "
                            + device + " (CONNACK 5, not authorized): "
                            + settings.credential.refusalAdvice(settings.hubHost, settings.deviceId), failure);
                case MqttException.REASON_CODE_FAILED_AUTHENTICATION:
                    return TransportException.connectFailed(ConnectionReason.BAD_CREDENTIAL, "IoT Hub refused the "
                            + "user name or password of " + device + " (CONNACK 4): check that host is the IoT hub's "
                            + "host name (HostName of the connection string, now " + settings.hubHost + ") and "
                            + "that device.id is the device's id", failure);
                case MqttException.REASON_CODE_INVALID_CLIENT_ID:
                    return TransportException.connectFailed(ConnectionReason.BAD_CREDENTIAL, "IoT Hub refused the "
                            + "client id '" + settings.deviceId + "' (CONNACK 2): check device.id", failure);
                case MqttException.REASON_CODE_BROKER_UNAVAILABLE:
                    return TransportException.connectFailed(ConnectionReason.COMMUNICATION_ERROR, "IoT Hub is "
                            + "unavailable (CONNACK 3, server unavailable); retrying with backoff", failure);
                default:
                    break;
            }
        }
        if (f instanceof TransportException te) {
            return te;
        }
        MqttReasons.Diagnosis d = MqttReasons.diagnose(cause, false);
        return TransportException.connectFailed(d.reason(), d.detail(), failure);
    }

    /**
     * A lost connection, read the Azure way.
     *
     * @param token the SAS token the connection used, or null (X.509)
     * @param renewable whether the next connection gets a new token
     */
    static MqttReasons.Diagnosis lost(MqttReasons.Diagnosis generic, IssuedToken token, boolean renewable,
            Instant now, Duration lifetime, String deviceId) {
        if (token != null && !now.isBefore(token.expiry().minus(expiryTolerance(lifetime)))) {
            return new MqttReasons.Diagnosis(ConnectionReason.EXPIRED_CREDENTIAL, "IoT Hub closed the connection when "
                    + "its SAS token expired at " + token.expiry() + (renewable
                            ? "; the next connection signs a new token (was the gateway suspended, or its clock "
                                    + "changed, while the token was due for renewal?)"
                            : "; the token given in the configuration cannot be renewed here: give a new one, or the "
                                    + "device's symmetric key in key"));
        }
        if (generic.reason() == ConnectionReason.COMMUNICATION_ERROR) {
            return new MqttReasons.Diagnosis(ConnectionReason.COMMUNICATION_ERROR, generic.detail() + " (IoT Hub closes "
                    + "a device's connection when another one of device '" + deviceId + "' opens, on a protocol "
                    + "violation, or when the hub restarts; if it repeats, check that nothing else connects as this "
                    + "device)");
        }
        return generic;
    }

    private static <T extends Throwable> T find(Throwable error, Class<T> type) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
