package io.dmkit.emulator.internal.cloud;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A PUBLISH a device sent, copied out of the broker's packet.
 *
 * @param userProperties MQTT 5 user properties in order (empty for 3.1.1)
 * @param messageExpirySeconds MQTT 5 message expiry interval, if set
 */
public record InboundPublish(String topic, byte[] payload, int qos, boolean retain,
        List<Map.Entry<String, String>> userProperties, Optional<String> contentType,
        Optional<Long> messageExpirySeconds) {
}
