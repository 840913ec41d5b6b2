package io.dmkit.transport.azure.internal;

import io.dmkit.transport.azure.protocol.AzureTopics;
import io.dmkit.wire.text.Printable;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The topic of a device-to-cloud message: its properties in the property bag. Keys starting with
 * {@code $} are IoT Hub's system properties and must be ones it knows ({@code $.ct} content type,
 * {@code $.ce} content encoding, {@code $.mid} message id, …); any other key is an application
 * property.
 */
final class MessagePropertiesTopic {

    /** The system properties a device may set ({@code protocols.md} §2.4). */
    static final Set<String> SYSTEM_PROPERTIES = Set.of("$.mid", "$.cid", "$.uid", "$.to", "$.exp", "$.ct", "$.ce",
            "$.ctime", "$.on", "$.sub", "$.ifid");

    private MessagePropertiesTopic() {
    }

    /**
     * The topic for a message with these properties.
     *
     * @throws IllegalArgumentException saying which property cannot be sent
     */
    static String of(String deviceId, Map<String, String> properties) {
        for (String key : properties.keySet()) {
            if (key.startsWith("$") && !SYSTEM_PROPERTIES.contains(key)) {
                throw new IllegalArgumentException("message property " + Printable.quote(key) + " starts with '$' but is "
                        + "not one of IoT Hub's system properties " + new TreeSet<>(SYSTEM_PROPERTIES)
                        + "; application property names must not start with '$'");
            }
        }
        return AzureTopics.telemetry(deviceId, properties);
    }

    /** What counts against IoT Hub's 256 KB: the payload plus the encoded properties. */
    static long size(String deviceId, String topic, int payloadBytes) {
        return (long) payloadBytes + topic.length() - AzureTopics.telemetryPrefix(deviceId).length();
    }
}
