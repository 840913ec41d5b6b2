package io.dmkit.transport.azure.protocol;

import io.dmkit.wire.text.PercentCodec;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * IoT Hub's property bag: {@code k1=v1&k2=v2}, URL-encoded UTF-8, in a topic after
 * {@code messages/events/} (telemetry properties), after {@code ?} ({@code $rid}, {@code $version})
 * and in the MQTT user name ({@code api-version}).
 *
 * <p>Encoding keeps {@code A-Z a-z 0-9 - . _ $} raw, so system properties read as IoT Hub documents
 * them ({@code $.ct=application%2Fjson}), and percent-encodes every other UTF-8 byte; a space is
 * {@code %20}, never {@code +}, which MQTT forbids in topic names. Decoding accepts what device SDKs
 * send: {@code +} as a space, a pair without {@code =} (an empty value: IoT Hub's form of a null),
 * empty pairs (skipped); a later duplicate key wins. It rejects a malformed percent escape, a raw
 * unpaired surrogate and bytes that are not UTF-8 ({@link PercentCodec}).
 */
public final class PropertyBag {

    private static final PercentCodec CODEC = new PercentCodec("-._$");

    private PropertyBag() {
    }

    /**
     * The bag of {@code properties} in their iteration order; {@code ""} for none.
     *
     * @throws IllegalArgumentException if a key is empty or a key or value has no UTF-8 form
     */
    public static String encode(Map<String, String> properties) {
        return CODEC.encodeBag(properties);
    }

    /** One URL-encoded component, as {@link #encode} writes keys and values. */
    public static String encodeComponent(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        CODEC.encode(s, "a property", b);
        return b.toString();
    }

    /**
     * The properties in {@code bag}, in order, unmodifiable.
     *
     * @throws IllegalArgumentException if an escape is malformed, a raw character is an unpaired
     *         surrogate or the bytes are not UTF-8
     */
    public static Map<String, String> decode(String bag) {
        Objects.requireNonNull(bag, "bag");
        Map<String, String> properties = new LinkedHashMap<>();
        int start = 0;
        while (start < bag.length()) {
            int end = bag.indexOf('&', start);
            if (end < 0) {
                end = bag.length();
            }
            if (end > start) {
                String pair = bag.substring(start, end);
                int eq = pair.indexOf('=');
                String key = PercentCodec.decode(eq < 0 ? pair : pair.substring(0, eq), "the property bag");
                String value = eq < 0 ? "" : PercentCodec.decode(pair.substring(eq + 1), "the property bag");
                properties.put(key, value);
            }
            start = end + 1;
        }
        return Collections.unmodifiableMap(properties);
    }
}
