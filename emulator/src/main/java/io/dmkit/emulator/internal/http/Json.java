package io.dmkit.emulator.internal.http;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

/** The API's one Gson and how it embeds JSON text that came from a device. */
final class Json {

    /** Far deeper than any twin or reply a dialect accepts; bounds the recursion of writing a tree. */
    static final int MAX_EMBEDDED_DEPTH = io.dmkit.emulator.internal.cloud.Json.MAX_DEPTH;

    /** Nulls written, HTML not escaped: a connection string reads {@code HostName=…}, not {@code HostName\u003d…}. */
    static final Gson GSON = io.dmkit.emulator.internal.cloud.Json.GSON;

    private Json() {
    }

    /**
     * The JSON text a device or the twin store produced, as a tree to embed in an answer. Text that
     * does not parse, or nests deeper than {@value #MAX_EMBEDDED_DEPTH} levels (Gson writes trees
     * recursively), is embedded as a JSON string rather than failing the whole answer.
     */
    static JsonElement embed(String jsonText) {
        if (jsonText == null) {
            return JsonNull.INSTANCE;
        }
        try {
            JsonElement tree = JsonParser.parseString(jsonText);
            return depth(tree) <= MAX_EMBEDDED_DEPTH ? tree : new JsonPrimitive(jsonText);
        } catch (JsonParseException e) {
            return new JsonPrimitive(jsonText);
        }
    }

    /** How many arrays and objects are nested in a tree ({@code 1} for {@code []}, 0 for a scalar), without recursion. */
    static int depth(JsonElement tree) {
        return io.dmkit.emulator.internal.cloud.Json.depth(tree);
    }
}
