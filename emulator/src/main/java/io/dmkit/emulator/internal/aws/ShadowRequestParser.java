package io.dmkit.emulator.internal.aws;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.dmkit.wire.json.StrictJson;
import io.dmkit.wire.text.Utf8;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads the payloads devices publish to a shadow's {@code get}, {@code update} and {@code delete}
 * topics, in the order AWS reports problems: encoding (415), size (413), JSON syntax (400), then the
 * client token, the version and the state. Once the client token is known to be valid, every later
 * rejection echoes it, so a client can match the rejection to its request.
 */
final class ShadowRequestParser {

    private ShadowRequestParser() {
    }

    static ShadowUpdate update(byte[] payload) throws ShadowRejection {
        JsonObject request = object(payload);
        Optional<String> token = clientToken(request);
        OptionalLong version = version(request, token);
        JsonElement state = request.get("state");
        if (state == null) {
            throw new ShadowRejection(400, ShadowRejection.MISSING_STATE, token);
        }
        if (!state.isJsonObject()) {
            throw new ShadowRejection(400, ShadowRejection.STATE_NOT_OBJECT, token);
        }
        return ShadowUpdate.of(state.getAsJsonObject(), token, version);
    }

    /** A get or delete request: an empty payload, or an object that may carry a client token. */
    static Optional<String> getOrDelete(byte[] payload) throws ShadowRejection {
        return payload.length == 0 ? Optional.empty() : clientToken(object(payload));
    }

    /** The client token of any request, if it can be read; for a rejection that comes before reading. */
    static Optional<String> clientTokenIfReadable(byte[] payload) {
        try {
            return getOrDelete(payload);
        } catch (ShadowRejection e) {
            return Optional.empty();
        }
    }

    /** The REST API's desired patch: a JSON object, held to the same rules as a device's update. */
    static ShadowUpdate desiredPatch(byte[] json) throws ShadowRejection {
        return ShadowUpdate.desired(object(json));
    }

    private static JsonObject object(byte[] payload) throws ShadowRejection {
        if (Utf8.decode(payload).isEmpty()) {
            throw new ShadowRejection(415, ShadowRejection.NOT_UTF8);
        }
        try {
            // Generous: the real depth rule (ShadowLimits.MAX_DEPTH) is checked with AWS's message.
            return StrictJson.parseObject(payload, ShadowLimits.MAX_REQUEST_BYTES, StrictJson.MAX_DEPTH, true);
        } catch (StrictJson.Rejection e) {
            String message = e.status() == 413 ? ShadowRejection.TOO_LARGE
                    : ShadowRejection.INVALID_JSON + ": " + e.getMessage();
            throw new ShadowRejection(e.status(), message);
        }
    }

    private static Optional<String> clientToken(JsonObject request) throws ShadowRejection {
        JsonElement token = request.get("clientToken");
        if (token == null) {
            return Optional.empty();
        }
        if (!isString(token) || token.getAsString().getBytes(StandardCharsets.UTF_8).length > ShadowLimits.MAX_CLIENT_TOKEN_BYTES) {
            throw new ShadowRejection(400, ShadowRejection.INVALID_CLIENT_TOKEN);
        }
        return Optional.of(token.getAsString());
    }

    private static OptionalLong version(JsonObject request, Optional<String> token) throws ShadowRejection {
        JsonElement version = request.get("version");
        if (version == null) {
            return OptionalLong.empty();
        }
        if (version.isJsonPrimitive() && version.getAsJsonPrimitive().isNumber()) {
            try {
                long value = new BigDecimal(version.getAsString()).longValueExact();
                if (value >= 0) {
                    return OptionalLong.of(value);
                }
            } catch (ArithmeticException | NumberFormatException e) {
                // a fraction, or out of range: invalid, as below
            }
        }
        throw new ShadowRejection(400, ShadowRejection.INVALID_VERSION, token);
    }

    private static boolean isString(JsonElement element) {
        return element.isJsonPrimitive() && ((JsonPrimitive) element).isString();
    }
}
