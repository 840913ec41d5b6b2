package io.dmkit.transport.thingspro.protocol;

import io.dmkit.wire.text.PercentCodec;
import io.dmkit.wire.text.Printable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The property bag of a telemetry topic (spec §6): message properties as an
 * {@code application/x-www-form-urlencoded} string in UTF-8, {@code key1=value1&key2=value2}, keys
 * unique, in the order they were added.
 *
 * <p>Encoding percent-encodes every UTF-8 byte except {@code A-Z a-z 0-9 * - . _}. A space becomes
 * {@code %20}, never {@code +}: {@code +} is a wildcard that MQTT forbids in topic names. Decoding
 * is as lenient as the form-urlencoded rules allow ({@code +} means a space, a pair without
 * {@code =} has an empty value, characters that need no encoding may appear raw) and strict about
 * what would lose or invent data: a malformed percent escape, a raw unpaired surrogate, bytes that
 * are not UTF-8 ({@link PercentCodec}), an empty key, an empty pair, or a duplicate key is rejected.
 */
public final class PropertyBag {

    private static final PercentCodec CODEC = new PercentCodec("*-._");

    private PropertyBag() {
    }

    /**
     * The bag for {@code properties}, in their iteration order; {@code ""} for none.
     *
     * @throws IllegalArgumentException if a key is empty or a key or value has no UTF-8 form
     *         (an unpaired surrogate)
     */
    public static String encode(Map<String, String> properties) {
        return CODEC.encodeBag(properties);
    }

    /**
     * The properties in {@code bag}, in order, as an unmodifiable map; empty for {@code ""}.
     *
     * @throws IllegalArgumentException with a reason a person can act on if the bag is malformed
     *         (it came from the network: catch it, as {@link ThingsProTopics#parse(String)} does)
     */
    public static Map<String, String> decode(String bag) {
        Objects.requireNonNull(bag, "bag");
        Map<String, String> properties = new LinkedHashMap<>();
        if (bag.isEmpty()) {
            return Collections.unmodifiableMap(properties);
        }
        int pairIndex = 0;
        int start = 0;
        while (start <= bag.length()) {
            int end = bag.indexOf('&', start);
            if (end < 0) {
                end = bag.length();
            }
            String pair = bag.substring(start, end);
            if (pair.isEmpty()) {
                throw new IllegalArgumentException("property bag has an empty pair at position " + pairIndex
                        + " (a stray '&')");
            }
            int eq = pair.indexOf('=');
            String key = decodeComponent(eq < 0 ? pair : pair.substring(0, eq), pairIndex, "key");
            String value = eq < 0 ? "" : decodeComponent(pair.substring(eq + 1), pairIndex, "value");
            if (key.isEmpty()) {
                throw new IllegalArgumentException("property bag has an empty key at position " + pairIndex);
            }
            if (properties.putIfAbsent(key, value) != null) {
                throw new IllegalArgumentException("property bag repeats the key " + Printable.quote(key)
                        + " at position " + pairIndex + "; keys are unique");
            }
            pairIndex++;
            start = end + 1;
        }
        return Collections.unmodifiableMap(properties);
    }

    private static String decodeComponent(String s, int pairIndex, String what) {
        return PercentCodec.decode(s, "property bag " + what + " at position " + pairIndex);
    }
}
