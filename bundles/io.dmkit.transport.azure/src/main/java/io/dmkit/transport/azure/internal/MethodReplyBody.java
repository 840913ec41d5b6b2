package io.dmkit.transport.azure.internal;

import com.google.gson.JsonPrimitive;
import io.dmkit.wire.json.StrictJson;
import io.dmkit.wire.text.Utf8;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * The body of a direct method reply as IoT Hub wants it: JSON or nothing ({@code protocols.md}
 * §2.7; the hub hands the caller {@code {"status":…,"payload":<body>}}). A handler may answer
 * anything, so:
 * <ul>
 * <li>an empty reply stays empty (the caller sees no payload);</li>
 * <li>a reply that is one strict JSON value ({@link StrictJson}: RFC 8259, no name twice in one object,
 * at most {@value StrictJson#MAX_DEPTH} levels) goes out unchanged;</li>
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
        Optional<String> text = Utf8.decode(payload);
        if (text.isEmpty()) {
            return quoted(Base64.getEncoder().encodeToString(payload));
        }
        return isStrictJson(text.get()) ? payload : quoted(text.get());
    }

    private static byte[] quoted(String text) {
        return new JsonPrimitive(text).toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Whether {@code text} is exactly one JSON value (surrounding white space allowed), as
     * {@link StrictJson} reads it.
     */
    static boolean isStrictJson(String text) {
        try {
            StrictJson.parseValue(text, StrictJson.MAX_DEPTH);
            return true;
        } catch (StrictJson.Rejection e) {
            return false;
        }
    }
}
