package io.dmkit.emulator.internal.cloud;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.JsonSyntaxException;

/** Small JSON helpers shared by the dialects. */
public final class Json {

    private Json() {
    }

    /** {@code {"error":"<message>"}}. */
    public static String error(String message) {
        JsonObject body = new JsonObject();
        body.addProperty("error", message);
        return body.toString();
    }

    /**
     * A device's reply as JSON text for the REST API: the text itself if it is JSON, a JSON string
     * holding it if not, {@code null} if it is empty.
     */
    public static String replyPayload(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return JsonParser.parseString(text).toString();
        } catch (JsonSyntaxException e) {
            return new JsonPrimitive(text).toString();
        }
    }
}
