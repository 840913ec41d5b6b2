package io.dmkit.api;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A telemetry message: a payload plus properties with unique keys (the seed API's
 * {@code dmdevice_message_create} and {@code dmdevice_message_append_property}).
 *
 * <p>Immutable. Build one with {@link #of(String)} or {@link #builder(byte[])}; properties keep
 * the order in which they were added. How properties travel depends on the cloud: a property bag
 * in the topic (Azure, ThingsPro), MQTT 5 user properties (AWS).
 */
public final class DmMessage {

    private final byte[] payload;
    private final Map<String, String> properties;

    private DmMessage(byte[] payload, Map<String, String> properties) {
        this.payload = payload;
        this.properties = Collections.unmodifiableMap(properties);
    }

    /** A message with a UTF-8 text payload and no properties. */
    public static DmMessage of(String payload) {
        return builder(payload).build();
    }

    /** A builder for a message with a UTF-8 text payload. */
    public static Builder builder(String payload) {
        return new Builder(Objects.requireNonNull(payload, "payload").getBytes(StandardCharsets.UTF_8));
    }

    /** A builder for a message with a binary payload; the array is copied. */
    public static Builder builder(byte[] payload) {
        return new Builder(Objects.requireNonNull(payload, "payload").clone());
    }

    /** A copy of the payload. */
    public byte[] payload() {
        return payload.clone();
    }

    /** The payload decoded as UTF-8. */
    public String payloadAsString() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    /** The payload size in bytes. */
    public int payloadSize() {
        return payload.length;
    }

    /** The properties, in insertion order; unmodifiable. */
    public Map<String, String> properties() {
        return properties;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DmMessage m && Arrays.equals(m.payload, payload) && m.properties.equals(properties);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(payload) + properties.hashCode();
    }

    @Override
    public String toString() {
        return "DmMessage[" + payload.length + " bytes, properties=" + properties.keySet() + "]";
    }

    /** Builds a {@link DmMessage}. Not thread-safe. */
    public static final class Builder {
        private final byte[] payload;
        private final Map<String, String> properties = new LinkedHashMap<>();

        private Builder(byte[] payload) {
            this.payload = payload;
        }

        /**
         * Adds a property.
         *
         * @throws IllegalArgumentException if the key is empty or already present: keys are unique
         */
        public Builder property(String key, String value) {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
            if (key.isEmpty()) {
                throw new IllegalArgumentException("message property key must not be empty");
            }
            if (properties.putIfAbsent(key, value) != null) {
                throw new IllegalArgumentException("message property '" + key + "' is already set; keys are unique");
            }
            return this;
        }

        public DmMessage build() {
            return new DmMessage(payload, new LinkedHashMap<>(properties));
        }
    }
}
