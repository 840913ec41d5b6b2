package io.dmkit.transport.mqtt.v5;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmkit.transport.mqtt.MqttConnection;
import io.dmkit.transport.mqtt.MqttConnectionContract;
import io.dmkit.transport.mqtt.PahoClient;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.junit.jupiter.api.Test;

/**
 * {@link MqttConnection} over MQTT 5: properties both ways, reason codes, and the server's Receive Maximum
 * (Mosquitto's {@code max_inflight_messages}, 20) as the in-flight window.
 */
class Mqtt5ConnectionTest extends MqttConnectionContract<MqttMessage> {

    @Override
    protected PahoClient.Factory<MqttMessage> clients() {
        return Mqtt5Client::new;
    }

    @Override
    protected MqttMessage message(byte[] payload) {
        return new MqttMessage(payload, 1, false, new MqttProperties());
    }

    @Override
    protected byte[] payload(MqttMessage message) {
        return message.getPayload();
    }

    @Override
    protected int expectedInFlightWindow() {
        return 20;
    }

    @Test
    void userPropertiesAndMessageExpiryTravelWithThePublish() throws Exception {
        MqttConnection<MqttMessage> c = connection(List.of("allowed/echo"));
        c.connect().get(10, TimeUnit.SECONDS);

        MqttProperties properties = new MqttProperties();
        properties.setUserProperties(List.of(new UserProperty("unit", "C"), new UserProperty("site", "Zürich")));
        properties.setMessageExpiryInterval(30L);
        int code = c.publish("allowed/echo", new MqttMessage("21.5".getBytes(StandardCharsets.UTF_8), 1, false,
                properties)).get(10, TimeUnit.SECONDS);

        assertThat(Mqtt5Reasons.publishStatus(code)).isZero();
        MqttMessage echo = received.poll(10, TimeUnit.SECONDS);
        assertThat(echo).isNotNull();
        assertThat(new String(echo.getPayload(), StandardCharsets.UTF_8)).isEqualTo("21.5");
        assertThat(echo.getProperties().getUserProperties()).containsExactly(new UserProperty("unit", "C"),
                new UserProperty("site", "Zürich"));
        assertThat(echo.getProperties().getMessageExpiryInterval()).isBetween(1L, 30L);
    }

    @Test
    void publishNobodyIsSubscribedToIsStillAccepted() throws Exception {
        MqttConnection<MqttMessage> c = connection(List.of());
        c.connect().get(10, TimeUnit.SECONDS);

        int code = c.publish("allowed/nobody", message(new byte[] {1})).get(10, TimeUnit.SECONDS);
        assertThat(Mqtt5Reasons.publishStatus(code)).as("PUBACK %s", Mqtt5Reasons.describe(code)).isZero();
    }
}
