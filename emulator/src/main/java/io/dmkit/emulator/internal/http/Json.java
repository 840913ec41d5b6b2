package io.dmkit.emulator.internal.http;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonPrimitive;

/** The API's one Gson and how it embeds JSON text that came from a device. */
final class Json {

    /** Nulls written, HTML not escaped: a connection string reads {@code HostName=…}, not {@code HostName\u003d…}. */
    static final Gson GSON = io.dmkit.emulator.internal.cloud.Json.GSON;

    private Json() {
    }

    /**
     * The JSON text a device or the twin store produced, as a tree to embed in an answer. Text that
     * is not one strict JSON value, or nests too deep to write as a tree (see
     * {@link io.dmkit.emulator.internal.cloud.Json#parseStrict}), is embedded as a JSON string rather
     * than failing the whole answer.
     */
    static JsonElement embed(String jsonText) {
        if (jsonText == null) {
            return JsonNull.INSTANCE;
        }
        return io.dmkit.emulator.internal.cloud.Json.parseStrict(jsonText)
                .orElseGet(() -> new JsonPrimitive(jsonText));
    }
}
