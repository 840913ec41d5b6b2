package io.dmkit.emulator.internal.cloud;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.dmkit.wire.json.StrictJson;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Small JSON helpers shared by the dialects. */
public final class Json {

    /**
     * Compact output as the clouds send it: members with a {@code null} value are kept (an update
     * echoes them; {@code "since":null} says "never") and nothing is HTML-escaped (Gson's default would
     * turn {@code <} into {@code \u003c} and change the sizes that limits are measured in).
     */
    public static final Gson GSON = new GsonBuilder().serializeNulls().disableHtmlEscaping().create();

    private Json() {
    }

    /** {@code element} as compact JSON text (see {@link #GSON}). */
    public static String text(JsonElement element) {
        return GSON.toJson(element);
    }

    /** {@code element} as compact JSON in UTF-8. */
    public static byte[] bytes(JsonElement element) {
        return text(element).getBytes(StandardCharsets.UTF_8);
    }

    /** {@code {"error":"<message>"}}. */
    public static String error(String message) {
        JsonObject body = new JsonObject();
        body.addProperty("error", message);
        return body.toString();
    }

    /**
     * A device's reply as JSON text for the REST API: the text itself (compacted) if it is one JSON value
     * as {@link #parseStrict} reads it, a JSON string holding it if not, {@code null} if it is empty or
     * JSON {@code null}.
     */
    public static String replyPayload(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        Optional<JsonElement> element = parseStrict(text);
        if (element.isEmpty()) {
            return new JsonPrimitive(text).toString();
        }
        return element.get().isJsonNull() ? null : element.get().toString();
    }

    /**
     * The one JSON value {@code text} holds as {@link StrictJson} reads it, nested at most
     * {@value StrictJson#MAX_DEPTH} levels (Gson writes trees recursively: a deeper reply would overflow
     * the stack); empty if it holds anything else.
     */
    public static Optional<JsonElement> parseStrict(String text) {
        try {
            return Optional.of(StrictJson.parseValue(text, StrictJson.MAX_DEPTH));
        } catch (StrictJson.Rejection e) {
            return Optional.empty();
        }
    }
}
