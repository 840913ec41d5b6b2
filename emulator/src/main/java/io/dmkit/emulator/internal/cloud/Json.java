package io.dmkit.emulator.internal.cloud;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;

/** Small JSON helpers shared by the dialects. */
public final class Json {

    private static final TypeAdapter<JsonElement> ELEMENTS = new Gson().getAdapter(JsonElement.class);

    private Json() {
    }

    /** {@code {"error":"<message>"}}. */
    public static String error(String message) {
        JsonObject body = new JsonObject();
        body.addProperty("error", message);
        return body.toString();
    }

    /**
     * A device's reply as JSON text for the REST API: the text itself (compacted) if it is strict JSON
     * (RFC 8259), a JSON string holding it if not, {@code null} if it is empty or JSON {@code null}.
     */
    public static String replyPayload(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try (JsonReader reader = new JsonReader(new StringReader(text))) {
            reader.setStrictness(Strictness.STRICT);
            JsonElement element = ELEMENTS.read(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                return new JsonPrimitive(text).toString();
            }
            return element.isJsonNull() ? null : element.toString();
        } catch (IOException | RuntimeException e) {
            return new JsonPrimitive(text).toString();
        }
    }
}
