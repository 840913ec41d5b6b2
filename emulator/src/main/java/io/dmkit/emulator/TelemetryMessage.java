package io.dmkit.emulator;

import java.time.Instant;
import java.util.Map;

/**
 * One telemetry message as the service received it.
 *
 * @param topic the topic it was published on
 * @param payload the raw payload
 * @param properties the application and system properties: Azure's decoded property bag ({@code $.ct}
 *        and the other system properties included), AWS's MQTT 5 user properties, ThingsPro's bag
 * @param received when the service received it
 */
public record TelemetryMessage(String topic, byte[] payload, Map<String, String> properties, Instant received) {
}
