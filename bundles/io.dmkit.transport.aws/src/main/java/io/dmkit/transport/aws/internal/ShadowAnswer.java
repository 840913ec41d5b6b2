package io.dmkit.transport.aws.internal;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.dmkit.transport.aws.protocol.ShadowResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A response of the shadow service to one of the device's requests, read once: which response it is,
 * the body, and what the transport looks for in it. Accepted bodies carry {@code version} and
 * {@code clientToken}; rejections are {@code {"code":…,"message":…,"timestamp":…,"clientToken":…}}.
 * A body that cannot be read yields empty values rather than an exception, since it arrives on
 * Paho's callback thread.
 */
final class ShadowAnswer {

    private final ShadowResponse response;
    private final byte[] body;
    private final JsonObject json;

    private ShadowAnswer(ShadowResponse response, byte[] body, JsonObject json) {
        this.response = response;
        this.body = body;
        this.json = json;
    }

    static ShadowAnswer read(ShadowResponse response, byte[] body) {
        JsonObject json;
        try {
            JsonElement element = JsonParser.parseString(new String(body, StandardCharsets.UTF_8));
            json = element.isJsonObject() ? element.getAsJsonObject() : null;
        } catch (RuntimeException e) {
            json = null;
        }
        return new ShadowAnswer(response, body, json);
    }

    ShadowResponse response() {
        return response;
    }

    byte[] body() {
        return body;
    }

    /** The client token that correlates the answer with its request. */
    Optional<String> clientToken() {
        return string("clientToken");
    }

    /** The shadow's version after an accepted request. */
    OptionalLong version() {
        JsonElement v = json == null ? null : json.get("version");
        try {
            return v != null && v.isJsonPrimitive() && v.getAsJsonPrimitive().isNumber()
                    ? OptionalLong.of(v.getAsLong()) : OptionalLong.empty();
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** The status code of a rejection; 500 when the rejection carries none. */
    int code() {
        JsonElement c = json == null ? null : json.get("code");
        try {
            return c != null && c.isJsonPrimitive() && c.getAsJsonPrimitive().isNumber() ? c.getAsInt() : 500;
        } catch (NumberFormatException e) {
            return 500;
        }
    }

    /** The message of a rejection, or a placeholder. */
    String message() {
        return string("message").orElse("no message");
    }

    private Optional<String> string(String member) {
        JsonElement e = json == null ? null : json.get(member);
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isString()
                ? Optional.of(e.getAsString()) : Optional.empty();
    }

    @Override
    public String toString() {
        return "ShadowAnswer[" + response.suffix() + ", " + body.length + " bytes]";
    }
}
