package io.dmkit.emulator.internal.http;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a route answers: a status, a body with its media type, and any headers beyond the ones every
 * answer carries. Immutable, so a handler can build it on any thread and the router sends it.
 */
record Response(int status, String contentType, byte[] body, Map<String, String> headers) {

    static final String JSON = "application/json; charset=utf-8";

    static Response json(int status, JsonElement body) {
        return new Response(status, JSON, Json.GSON.toJson(body).getBytes(StandardCharsets.UTF_8), Map.of());
    }

    static Response ok(JsonElement body) {
        return json(200, body);
    }

    static Response noContent() {
        return new Response(204, null, new byte[0], Map.of());
    }

    /** {@code {"error":"<message>"}}: every failure the API reports looks like this. */
    static Response error(int status, String message) {
        JsonObject body = new JsonObject();
        body.addProperty("error", message);
        return json(status, body);
    }

    Response withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new Response(status, contentType, body, Map.copyOf(more));
    }
}
