package io.dmkit.transport.mqtt;

import org.eclipse.paho.client.mqttv3.MqttConnectOptions;

/**
 * Paho {@code mqttv3} options for one connection attempt, from {@link ConnectSettings}. Paho's own
 * reconnect stays off (the core reconnects); the session is clean.
 */
final class Mqtt3Options {

    private Mqtt3Options() {
    }

    static MqttConnectOptions of(ConnectSettings s) {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setCleanSession(true);
        o.setAutomaticReconnect(false);
        o.setKeepAliveInterval(s.keepAliveSeconds());
        o.setConnectionTimeout((int) Math.max(1, s.connectTimeout().toSeconds()));
        o.setMaxInflight(s.maxInflight());
        if (s.username() != null) {
            o.setUserName(s.username());
        }
        char[] password = s.password();
        if (password != null) {
            o.setPassword(password); // a copy, which Paho keeps for the attempt
        }
        o.setSocketFactory(s.socketFactory());
        o.setHttpsHostnameVerificationEnabled(s.verifyHostname());
        ConnectSettings.Will will = s.will();
        if (will != null) {
            o.setWill(will.topic(), will.payload(), will.qos(), will.retained());
        }
        return o;
    }
}
