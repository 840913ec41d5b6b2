package io.dmkit.emulator.internal.http;

import io.dmkit.wire.text.Utf8;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a raw request path into percent-decoded segments. Splitting comes first, so an encoded
 * {@code %2F} stays inside its segment (where the name rules then refuse it) instead of adding one.
 * Unlike {@link java.net.URLDecoder}, a {@code +} is a plus: this is a path, not a form.
 */
final class PathSegments {

    /** The longest device id or command name, in characters, as in the ThingsPro protocol's topics. */
    static final int MAX_NAME_LENGTH = 128;

    private PathSegments() {
    }

    /**
     * {@code "/"} is no segments, {@code "/api/devices"} is two, {@code "/api/devices/"} three (the
     * last one empty).
     *
     * @throws IllegalArgumentException for a malformed escape or bytes that are not UTF-8
     */
    static List<String> split(String rawPath) {
        List<String> segments = new ArrayList<>();
        String path = rawPath.startsWith("/") ? rawPath.substring(1) : rawPath;
        if (path.isEmpty()) {
            return segments;
        }
        for (String raw : path.split("/", -1)) {
            segments.add(decode(raw));
        }
        return segments;
    }

    /**
     * Checks a device id or command name taken from the path: 1 to 128 characters, none of them
     * {@code /} or a control character.
     *
     * @param what what the segment names, for the message ("device id")
     * @throws IllegalArgumentException saying which rule the name breaks
     */
    static String requireName(String what, String name) {
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("the " + what + " must be 1 to " + MAX_NAME_LENGTH
                    + " characters long, not " + name.length());
        }
        if (name.indexOf('/') >= 0 || name.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("the " + what + " must not contain '/' or control characters");
        }
        return name;
    }

    private static String decode(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '%') {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
                continue;
            }
            int high = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
            int low = high < 0 ? -1 : Character.digit(raw.charAt(i + 2), 16);
            if (low < 0) {
                throw new IllegalArgumentException("the path has an invalid percent-encoding");
            }
            bytes.write(high * 16 + low);
            i += 2;
        }
        return Utf8.decode(bytes.toByteArray()).orElseThrow(
                () -> new IllegalArgumentException("the path has percent-encoded bytes that are not UTF-8"));
    }
}
