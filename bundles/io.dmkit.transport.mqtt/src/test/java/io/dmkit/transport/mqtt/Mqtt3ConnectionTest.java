package io.dmkit.transport.mqtt;

import org.eclipse.paho.client.mqttv3.MqttMessage;

/** {@link MqttConnection} over MQTT 3.1.1: the window is the one configured, which Paho enforces. */
class Mqtt3ConnectionTest extends MqttConnectionContract<MqttMessage> {

    @Override
    protected PahoClient.Factory<MqttMessage> clients() {
        return Mqtt3Client::new;
    }

    @Override
    protected MqttMessage message(byte[] payload) {
        return Mqtt3Client.message(payload, 1, false);
    }

    @Override
    protected byte[] payload(MqttMessage message) {
        return message.getPayload();
    }

    @Override
    protected int expectedInFlightWindow() {
        return MAX_INFLIGHT;
    }
}
