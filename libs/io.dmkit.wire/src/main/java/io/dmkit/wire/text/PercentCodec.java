package io.dmkit.wire.text;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * The percent-encoding of the keys and values of a property bag ({@code k1=v1&k2=v2} in a topic),
 * in UTF-8. Encoding keeps ASCII letters and digits and the punctuation the wire format names as they
 * are and writes every other UTF-8 byte as {@code %XX}, so a space is {@code %20}, never {@code +},
 * which MQTT forbids in topic names. Decoding follows the form rules
 * ({@code application/x-www-form-urlencoded}) as device SDKs write them: {@code %XX} is a byte,
 * {@code +} a space, and any other character stands for itself; the bytes must then be UTF-8.
 *
 * <p>Nothing is ever altered to make it fit: text with an unpaired surrogate, a malformed escape and
 * bytes that are not UTF-8 are refused with an {@link IllegalArgumentException} whose message begins
 * with the name given for the text.
 */
public final class PercentCodec {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private final boolean[] raw = new boolean[128];

    /** @param rawPunctuation the ASCII punctuation that, besides letters and digits, is written as it is */
    public PercentCodec(String rawPunctuation) {
        for (char c = '0'; c <= '9'; c++) {
            raw[c] = true;
        }
        for (char c = 'A'; c <= 'Z'; c++) {
            raw[c] = true;
            raw[Character.toLowerCase(c)] = true;
        }
        rawPunctuation.chars().forEach(c -> raw[c] = true);
    }

    /**
     * Appends {@code text}, percent-encoded, to {@code out}.
     *
     * @param what names the text in the message of a refusal ("the value of property 'unit'")
     * @throws IllegalArgumentException if {@code text} has an unpaired surrogate, which has no UTF-8 form
     */
    public void encode(String text, String what, StringBuilder out) {
        int unpaired = Utf8.unpairedSurrogate(text);
        if (unpaired >= 0) {
            throw new IllegalArgumentException(what + " has no UTF-8 form: an unpaired surrogate at index " + unpaired);
        }
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (c < 0x80 && raw[c]) {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
    }

    /**
     * The bag {@code k1=v1&k2=v2} of {@code properties}, in their iteration order, each key and value
     * percent-encoded; {@code ""} for none.
     *
     * @throws IllegalArgumentException if a key is empty or a key or value has no UTF-8 form (an
     *         unpaired surrogate)
     */
    public String encodeBag(Map<String, String> properties) {
        Objects.requireNonNull(properties, "properties");
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, String> e : properties.entrySet()) {
            String key = Objects.requireNonNull(e.getKey(), "property key");
            String what = "the value of property " + Printable.quote(key);
            String value = Objects.requireNonNull(e.getValue(), what);
            if (key.isEmpty()) {
                throw new IllegalArgumentException("a property key must not be empty");
            }
            if (b.length() > 0) {
                b.append('&');
            }
            encode(key, "the property key " + Printable.quote(key), b);
            b.append('=');
            encode(value, what, b);
        }
        return b.toString();
    }

    /**
     * The text {@code encoded} stands for.
     *
     * @param what names the text in the message of a refusal ("the property bag")
     * @throws IllegalArgumentException for a malformed escape ({@code %} not followed by two ASCII hex
     *         digits), a raw unpaired surrogate, or bytes that are not UTF-8
     */
    public static String decode(String encoded, String what) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%') {
                int hi = i + 1 < encoded.length() ? hexValue(encoded.charAt(i + 1)) : -1;
                int lo = i + 2 < encoded.length() ? hexValue(encoded.charAt(i + 2)) : -1;
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException(what + " has a malformed percent escape at index " + i
                            + " ('%' must be followed by two hex digits)");
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else if (c == '+') {
                bytes.write(' ');
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                // A raw non-ASCII character (some encoders leave them): its UTF-8 bytes.
                int cp = encoded.codePointAt(i);
                if (cp <= Character.MAX_VALUE && Character.isSurrogate((char) cp)) {
                    throw new IllegalArgumentException(what + " has an unpaired surrogate at index " + i);
                }
                bytes.writeBytes(Character.toString(cp).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(cp) - 1;
            }
        }
        return Utf8.decode(bytes.toByteArray())
                .orElseThrow(() -> new IllegalArgumentException(what + " is not UTF-8 once percent-decoded"));
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
}
