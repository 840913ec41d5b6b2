package io.dmkit.emulator.internal.aws;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Compact JSON text as AWS sends it: members with a {@code null} value are kept (an update echoes
 * them) and nothing is HTML-escaped (Gson's default would turn {@code <} into {@code \u003c} and
 * change the sizes the shadow limits are measured in).
 */
final class JsonText {

    private static final Gson GSON = new GsonBuilder().serializeNulls().disableHtmlEscaping().create();

    private JsonText() {
    }

    static String text(JsonElement element) {
        return GSON.toJson(element);
    }

    static byte[] bytes(JsonElement element) {
        return text(element).getBytes(StandardCharsets.UTF_8);
    }

    /** The one strict JSON value (RFC 8259) {@code text} holds; empty if it holds anything else. */
    static Optional<JsonElement> parseValue(String text) {
        if (text.isBlank()) {
            return Optional.empty();
        }
        try {
            JsonReader reader = new JsonReader(new StringReader(text));
            reader.setStrictness(Strictness.STRICT);
            JsonElement value = JsonParser.parseReader(reader);
            return reader.peek() == JsonToken.END_DOCUMENT ? Optional.of(value) : Optional.empty();
        } catch (JsonParseException | IOException | IllegalStateException e) {
            return Optional.empty();
        }
    }
}
