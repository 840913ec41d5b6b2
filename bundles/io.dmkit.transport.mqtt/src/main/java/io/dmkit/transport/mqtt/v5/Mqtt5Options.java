package io.dmkit.transport.mqtt.v5;

import io.dmkit.transport.mqtt.ConnectSettings;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * Paho {@code mqttv5} options for one connection attempt, from the same {@link ConnectSettings} the
 * MQTT 3.1.1 connection uses. Paho's own reconnect stays off (the core reconnects); the session is
 * clean and ends with the connection. {@link ConnectSettings#maxInflight()} does not apply: in MQTT 5
 * the server announces how many unacknowledged publishes it accepts (Receive Maximum), and Paho refuses
 * a publish beyond that ({@link Mqtt5Client#inFlightWindow()} says the limit).
 */
final class Mqtt5Options {

    private Mqtt5Options() {
    }

    static MqttConnectionOptions of(ConnectSettings s) {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        o.setSessionExpiryInterval(0L);
        o.setAutomaticReconnect(false);
        o.setKeepAliveInterval(s.keepAliveSeconds());
        o.setConnectionTimeout((int) Math.max(1, s.connectTimeout().toSeconds()));
        if (s.username() != null) {
            o.setUserName(s.username());
        }
        char[] password = s.password();
        if (password != null) {
            o.setPassword(utf8(password));
            Arrays.fill(password, '\0');
        }
        o.setSocketFactory(s.socketFactory());
        o.setHttpsHostnameVerificationEnabled(s.verifyHostname());
        ConnectSettings.Will will = s.will();
        if (will != null) {
            o.setWill(will.topic(), new MqttMessage(will.payload(), will.qos(), will.retained(), null));
        }
        return o;
    }

    /** MQTT 5 passwords are binary; a text password travels as UTF-8. */
    private static byte[] utf8(char[] password) {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        if (encoded.hasArray()) {
            Arrays.fill(encoded.array(), (byte) 0);
        }
        return bytes;
    }
}
