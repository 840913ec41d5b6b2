package io.dmkit.transport.azure.protocol;

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
 * IoT Hub's property bag: {@code k1=v1&k2=v2}, URL-encoded UTF-8, in a topic after
 * {@code messages/events/} (telemetry properties), after {@code ?} ({@code $rid}, {@code $version})
 * and in the MQTT user name ({@code api-version}).
 *
 * <p>Encoding keeps {@code A-Z a-z 0-9 - . _ $} raw, so system properties read as IoT Hub documents
 * them ({@code $.ct=application%2Fjson}), and percent-encodes every other UTF-8 byte; a space is
 * {@code %20}, never {@code +}, which MQTT forbids in topic names. Decoding accepts what device SDKs
 * send: {@code +} as a space, a pair without {@code =} (an empty value: IoT Hub's form of a null),
 * empty pairs (skipped); a later duplicate key wins. It rejects a malformed percent escape and bytes
 * that are not UTF-8.
 */
public final class PropertyBag {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private PropertyBag() {
    }

    /**
     * The bag of {@code properties} in their iteration order; {@code ""} for none.
     *
     * @throws IllegalArgumentException if a key is empty or a key or value has no UTF-8 form
     */
    public static String encode(Map<String, String> properties) {
        Objects.requireNonNull(properties, "properties");
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, String> e : properties.entrySet()) {
            String key = Objects.requireNonNull(e.getKey(), "property key");
            String value = Objects.requireNonNull(e.getValue(), "property value");
            if (key.isEmpty()) {
                throw new IllegalArgumentException("a property key is empty");
            }
            if (b.length() > 0) {
                b.append('&');
            }
            encodeComponent(key, b);
            b.append('=');
            encodeComponent(value, b);
        }
        return b.toString();
    }

    /** One URL-encoded component, as {@link #encode} writes keys and values. */
    public static String encodeComponent(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        encodeComponent(s, b);
        return b.toString();
    }

    /**
     * The properties in {@code bag}, in order, unmodifiable.
     *
     * @throws IllegalArgumentException if an escape is malformed or the bytes are not UTF-8
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
                String key = decodeComponent(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decodeComponent(pair.substring(eq + 1));
                properties.put(key, value);
            }
            start = end + 1;
        }
        return Collections.unmodifiableMap(properties);
    }

    private static void encodeComponent(String s, StringBuilder out) {
        ByteBuffer bytes;
        try {
            bytes = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(s));
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("a property has no UTF-8 form (an unpaired surrogate)", e);
        }
        while (bytes.hasRemaining()) {
            int c = bytes.get() & 0xFF;
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
                    || c == '-' || c == '.' || c == '_' || c == '$') {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
    }

    private static String decodeComponent(String s) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                int hi = i + 1 < s.length() ? hexValue(s.charAt(i + 1)) : -1;
                int lo = i + 2 < s.length() ? hexValue(s.charAt(i + 2)) : -1;
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException("the property bag has a malformed percent escape ('%' must be "
                            + "followed by two hex digits)");
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else if (c == '+') {
                bytes.write(' ');
            } else {
                byte[] raw = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
                    raw = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                bytes.write(raw, 0, raw.length);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("the property bag is not UTF-8 once percent-decoded");
        }
    }

    /** The value of an ASCII hex digit, or -1 ({@link Character#digit} also accepts non-ASCII digits). */
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
}
