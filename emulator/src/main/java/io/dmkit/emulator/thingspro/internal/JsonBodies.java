package io.dmkit.emulator.thingspro.internal;

import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;

/** The small JSON bodies the service sends: {@code {"error":"<text>"}} and {@code {"$version":n}}. */
public final class JsonBodies {

    private JsonBodies() {
    }

    public static byte[] error(String text) {
        JsonObject body = new JsonObject();
        body.addProperty("error", text);
        return utf8(body.toString());
    }

    public static byte[] version(long version) {
        JsonObject body = new JsonObject();
        body.addProperty("$version", version);
        return utf8(body.toString());
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
