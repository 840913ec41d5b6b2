package io.dmkit.transport.aws.internal;

import io.dmkit.api.DmMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;

/**
 * A dmkit message as an MQTT 5 publish to AWS IoT Core: the payload as it is, QoS 1, not retained, and
 * every property as a user property, in the order they were added. AWS refuses publishes over 128 KB;
 * dmkit counts the payload and the properties' names and values (UTF-8) against that limit, so that a
 * message that fits is never refused for its properties.
 */
final class TelemetryMessage {

    private TelemetryMessage() {
    }

    /** The bytes that count against the limit: payload plus property names and values. */
    static long size(DmMessage message) {
        long size = message.payloadSize();
        for (Map.Entry<String, String> p : message.properties().entrySet()) {
            size += p.getKey().getBytes(StandardCharsets.UTF_8).length + p.getValue().getBytes(StandardCharsets.UTF_8).length;
        }
        return size;
    }

    /** Why {@code message} cannot be sent to AWS IoT Core, or empty when it can. */
    static Optional<String> tooLarge(DmMessage message, int limit) {
        long size = size(message);
        return size <= limit ? Optional.empty() : Optional.of("the message is " + size + " bytes with its properties, "
                + "over AWS IoT Core's limit of " + limit + " bytes per publish; nothing was sent");
    }

    static MqttMessage encode(DmMessage message) {
        List<UserProperty> properties = new ArrayList<>(message.properties().size());
        message.properties().forEach((k, v) -> properties.add(new UserProperty(k, v)));
        MqttProperties mqtt = new MqttProperties();
        if (!properties.isEmpty()) {
            mqtt.setUserProperties(properties);
        }
        return new MqttMessage(message.payload(), 1, false, mqtt);
    }
}
