package io.dmkit.transport.azure.internal;

import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import io.dmkit.transport.mqtt.JsonText;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * The body of a direct method reply as IoT Hub wants it: JSON or nothing ({@code protocols.md}
 * §2.7; the hub hands the caller {@code {"status":…,"payload":<body>}}). A handler may answer
 * anything, so:
 * <ul>
 * <li>an empty reply stays empty (the caller sees no payload);</li>
 * <li>a reply that is one strict JSON value (RFC 8259) goes out unchanged;</li>
 * <li>any other UTF-8 text goes out as a JSON string holding it ({@code hello} becomes {@code "hello"});</li>
 * <li>bytes that are not UTF-8 go out as a JSON string holding their base64.</li>
 * </ul>
 */
final class MethodReplyBody {

    /** Direct method payloads are limited to 128 KB each way. */
    static final int MAX_BYTES = 128 * 1024;

    private MethodReplyBody() {
    }

    /** The body to publish for a handler's reply payload. */
    static byte[] of(byte[] payload) {
        if (payload.length == 0) {
            return payload;
        }
        Optional<String> text = JsonText.utf8(payload);
        if (text.isEmpty()) {
            return quoted(Base64.getEncoder().encodeToString(payload));
        }
        return isStrictJson(text.get()) ? payload : quoted(text.get());
    }

    private static byte[] quoted(String text) {
        return new JsonPrimitive(text).toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Whether {@code text} is exactly one JSON value (surrounding white space allowed), strictly parsed. */
    static boolean isStrictJson(String text) {
        if (text.isBlank()) {
            return false;
        }
        try (JsonReader reader = new JsonReader(new StringReader(text))) {
            reader.setStrictness(Strictness.STRICT);
            JsonParser.parseReader(reader);
            return reader.peek() == JsonToken.END_DOCUMENT;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
