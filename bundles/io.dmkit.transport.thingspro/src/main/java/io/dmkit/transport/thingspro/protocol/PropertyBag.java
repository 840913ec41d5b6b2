package io.dmkit.transport.thingspro.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
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
 * what would lose or invent data: a malformed percent escape, bytes that are not UTF-8, an empty
 * key, an empty pair, or a duplicate key is rejected.
 */
public final class PropertyBag {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private PropertyBag() {
    }

    /**
     * The bag for {@code properties}, in their iteration order; {@code ""} for none.
     *
     * @throws IllegalArgumentException if a key is empty or a key or value has no UTF-8 form
     *         (an unpaired surrogate)
     */
    public static String encode(Map<String, String> properties) {
        Objects.requireNonNull(properties, "properties");
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, String> e : properties.entrySet()) {
            String key = Objects.requireNonNull(e.getKey(), "property key");
            String value = Objects.requireNonNull(e.getValue(), "value of property " + LogSafe.quote(key));
            if (key.isEmpty()) {
                throw new IllegalArgumentException("message property key must not be empty");
            }
            if (b.length() > 0) {
                b.append('&');
            }
            encodeComponent(key, "key", b);
            b.append('=');
            encodeComponent(value, "value of property " + LogSafe.quote(key), b);
        }
        return b.toString();
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
                throw new IllegalArgumentException("property bag repeats the key " + LogSafe.quote(key)
                        + " at position " + pairIndex + "; keys are unique");
            }
            pairIndex++;
            start = end + 1;
        }
        return Collections.unmodifiableMap(properties);
    }

    private static void encodeComponent(String s, String what, StringBuilder out) {
        ByteBuffer bytes;
        try {
            bytes = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(s));
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(what + " has no UTF-8 form (unpaired surrogate): " + LogSafe.quote(s), e);
        }
        while (bytes.hasRemaining()) {
            int c = bytes.get() & 0xFF;
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
                    || c == '*' || c == '-' || c == '.' || c == '_') {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
    }

    /** The value of an ASCII hex digit, or -1: {@link Character#digit} would also accept non-ASCII digits. */
    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return -1;
    }

    private static String decodeComponent(String s, int pairIndex, String what) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                int hi = i + 1 < s.length() ? hexValue(s.charAt(i + 1)) : -1;
                int lo = i + 2 < s.length() ? hexValue(s.charAt(i + 2)) : -1;
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException("property bag has a malformed percent escape in the " + what
                            + " at position " + pairIndex + " ('%' must be followed by two hex digits)");
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else if (c == '+') {
                bytes.write(' ');
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                // A raw non-ASCII character (some encoders leave them): take its UTF-8 bytes.
                int cp = s.codePointAt(i);
                if (cp <= Character.MAX_VALUE && Character.isSurrogate((char) cp)) {
                    throw new IllegalArgumentException("property bag " + what + " at position " + pairIndex
                            + " contains an unpaired surrogate");
                }
                byte[] raw = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
                bytes.write(raw, 0, raw.length);
                i += Character.charCount(cp) - 1;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("property bag " + what + " at position " + pairIndex
                    + " is not UTF-8 once percent-decoded");
        }
    }
}
