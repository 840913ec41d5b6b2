package io.dmkit.core.internal;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

/** Parsing and merging of twin documents and patches (the Azure merge rules). */
final class JsonPatches {

    private JsonPatches() {
    }

    /**
     * Parses a JSON object strictly (one value, no trailing garbage, no lenient syntax). A member name
     * repeated in one object keeps its last value: RFC 8259 leaves that to the reader, and the clouds
     * never send one.
     *
     * @throws IllegalArgumentException saying what is wrong, if the text is not one JSON object
     */
    static JsonObject parseObject(String json) {
        try (JsonReader reader = new JsonReader(new StringReader(json))) {
            reader.setStrictness(Strictness.STRICT);
            JsonElement e = JsonParser.parseReader(reader);
            if (reader.peek() != com.google.gson.stream.JsonToken.END_DOCUMENT) {
                throw new IllegalArgumentException("unexpected content after the JSON value");
            }
            if (!e.isJsonObject()) {
                throw new IllegalArgumentException("expected a JSON object, got " + kind(e));
            }
            checkDepth(e);
            return e.getAsJsonObject();
        } catch (JsonParseException | IOException | IllegalStateException e) {
            throw new IllegalArgumentException("not valid JSON: " + shortMessage(e), e);
        }
    }

    /** Deeper documents are refused: merging and printing them recursively could exhaust the stack. */
    static final int MAX_DEPTH = 64;

    private static void checkDepth(JsonElement root) {
        Deque<Map.Entry<JsonElement, Integer>> todo = new ArrayDeque<>();
        todo.push(Map.entry(root, 1));
        while (!todo.isEmpty()) {
            Map.Entry<JsonElement, Integer> next = todo.pop();
            int depth = next.getValue();
            if (depth > MAX_DEPTH) {
                throw new IllegalArgumentException("nested deeper than " + MAX_DEPTH + " levels");
            }
            JsonElement e = next.getKey();
            if (e.isJsonObject()) {
                e.getAsJsonObject().entrySet().forEach(m -> todo.push(Map.entry(m.getValue(), depth + 1)));
            } else if (e.isJsonArray()) {
                e.getAsJsonArray().forEach(m -> todo.push(Map.entry(m, depth + 1)));
            }
        }
    }

    /**
     * Applies a patch (JSON Merge Patch, RFC 7386): members are set, nested objects merged member by
     * member, and a member whose value is {@code null} is deleted.
     */
    static void merge(JsonObject target, JsonObject patch) {
        for (Map.Entry<String, JsonElement> e : patch.entrySet()) {
            JsonElement value = e.getValue();
            if (value.isJsonNull()) {
                target.remove(e.getKey());
            } else if (value.isJsonObject()) {
                // Merging into an empty object when there is none also drops nulls nested in a new
                // object, as JSON Merge Patch (RFC 7386) and the service side do.
                JsonObject base = target.get(e.getKey()) instanceof JsonObject existing ? existing : new JsonObject();
                merge(base, value.getAsJsonObject());
                target.add(e.getKey(), base);
            } else {
                target.add(e.getKey(), value.deepCopy());
            }
        }
    }

    /** The integer {@code $version} member of an object, or -1. */
    static long version(JsonObject o) {
        JsonElement v = o == null ? null : o.get("$version");
        if (v == null || !v.isJsonPrimitive() || !v.getAsJsonPrimitive().isNumber()) {
            return -1;
        }
        try {
            return v.getAsLong();
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String kind(JsonElement e) {
        if (e.isJsonArray()) {
            return "an array";
        }
        if (e.isJsonNull()) {
            return "null";
        }
        return "a " + (e.getAsJsonPrimitive().isString() ? "string" : e.getAsJsonPrimitive().isNumber() ? "number"
                : "boolean");
    }

    private static String shortMessage(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        // Gson appends a link to its troubleshooting page; people need the position, not the link.
        int see = m.indexOf("\nSee ");
        return see > 0 ? m.substring(0, see) : m;
    }
}
