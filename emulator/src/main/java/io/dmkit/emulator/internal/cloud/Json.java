package io.dmkit.emulator.internal.cloud;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
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
     * A device's reply as JSON text for the REST API: the text itself (compacted) if it is strict JSON
     * (RFC 8259) nested at most {@value #MAX_DEPTH} levels, a JSON string holding it if not, {@code null}
     * if it is empty or JSON {@code null}.
     */
    public static String replyPayload(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        Optional<JsonElement> element = parseStrict(text);
        // Gson writes trees recursively: a deeper reply (ten thousand '[') would overflow the stack.
        if (element.isEmpty() || depth(element.get()) > MAX_DEPTH) {
            return new JsonPrimitive(text).toString();
        }
        return element.get().isJsonNull() ? null : element.get().toString();
    }

    /** Far deeper than any reply or twin a dialect accepts; bounds the recursion of writing a tree. */
    public static final int MAX_DEPTH = 64;

    /** How many arrays and objects are nested in a tree ({@code 1} for {@code []}, 0 for a scalar), without recursion. */
    public static int depth(JsonElement tree) {
        record Level(JsonElement element, int depth) {
        }
        Deque<Level> pending = new ArrayDeque<>();
        pending.push(new Level(tree, 1));
        int max = 0;
        while (!pending.isEmpty()) {
            Level level = pending.pop();
            JsonElement element = level.element();
            if (!element.isJsonArray() && !element.isJsonObject()) {
                continue;
            }
            max = Math.max(max, level.depth());
            Iterable<JsonElement> children = element.isJsonArray() ? element.getAsJsonArray()
                    : element.getAsJsonObject().asMap().values();
            for (JsonElement child : children) {
                pending.push(new Level(child, level.depth() + 1));
            }
        }
        return max;
    }

    /** The one strict JSON value (RFC 8259) {@code text} holds; empty if it holds anything else. */
    public static Optional<JsonElement> parseStrict(String text) {
        try (JsonReader reader = new JsonReader(new StringReader(text))) {
            reader.setStrictness(Strictness.STRICT);
            JsonElement element = JsonParser.parseReader(reader); // keeps STRICT (it relaxes only LEGACY_STRICT)
            return reader.peek() == JsonToken.END_DOCUMENT ? Optional.of(element) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
