package io.dmkit.emulator.internal.http;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.dmkit.wire.json.StrictJson;
import io.dmkit.wire.text.Utf8;
import java.math.BigDecimal;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads request bodies as strictly as the service reads device payloads ({@link StrictJson}: UTF-8,
 * no duplicate names, bounded depth), and the members of the small request objects the API takes.
 * Every refusal is a {@link StrictJson.Rejection} (400, or 413) or an {@link IllegalArgumentException}
 * (400) whose message says what to send instead.
 */
final class JsonBodies {

    /** Deeper than any dialect's twin allows; the dialects enforce their own, smaller limits. */
    static final int MAX_DEPTH = 32;

    private static final Pattern POSITION = Pattern.compile("line (\\d+) column (\\d+)");

    private JsonBodies() {
    }

    /** The body as a JSON object; member names starting with {@code $} are left for the emulator to judge. */
    static JsonObject object(byte[] body) throws StrictJson.Rejection {
        try {
            return StrictJson.parseObject(body, Request.MAX_BODY_BYTES, MAX_DEPTH, true);
        } catch (StrictJson.Rejection e) {
            throw reworded(e);
        }
    }

    /**
     * A command payload: any one JSON value, compact, or {@code null} for an empty body (a command
     * without payload), read by every rule of {@link StrictJson}.
     */
    static String optionalValue(byte[] body) throws StrictJson.Rejection {
        String text = utf8(body);
        if (text.isBlank()) {
            return null;
        }
        try {
            return StrictJson.parseValue(text, MAX_DEPTH).toString();
        } catch (StrictJson.Rejection e) {
            throw reworded(e);
        }
    }

    static String requiredString(JsonObject object, String member) {
        JsonElement value = object.get(member);
        if (value == null || value.isJsonNull()) {
            throw new IllegalArgumentException("\"" + member + "\" is required");
        }
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
            throw new IllegalArgumentException("\"" + member + "\" must be a string");
        }
        return value.getAsString();
    }

    /** The string member, or {@code null} when absent or JSON null. */
    static String optionalString(JsonObject object, String member) {
        JsonElement value = object.get(member);
        return value == null || value.isJsonNull() ? null : requiredString(object, member);
    }

    static JsonObject requiredObject(JsonObject object, String member) {
        JsonElement value = object.get(member);
        if (value == null || !value.isJsonObject()) {
            throw new IllegalArgumentException("\"" + member + "\" must be an object");
        }
        return value.getAsJsonObject();
    }

    /** A whole number from {@code min} to {@code max}; {@code 5.0} counts, {@code 5.5} and {@code "5"} do not. */
    static int requiredInt(JsonObject object, String member, int min, int max) {
        JsonElement value = object.get(member);
        String rule = "\"" + member + "\" must be a whole number from " + min + " to " + max;
        if (value == null || !value.isJsonPrimitive() || !((JsonPrimitive) value).isNumber()) {
            throw new IllegalArgumentException(rule);
        }
        try {
            BigDecimal number = value.getAsBigDecimal();
            if (number.compareTo(BigDecimal.valueOf(min)) < 0 || number.compareTo(BigDecimal.valueOf(max)) > 0) {
                throw new IllegalArgumentException(rule);
            }
            return number.intValueExact();
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException(rule);
        }
    }

    /**
     * StrictJson speaks of "payload" (the device's) and passes on Gson's advice to go lenient; a client
     * of the API wants to hear about its body, and where the syntax error is.
     */
    private static StrictJson.Rejection reworded(StrictJson.Rejection rejection) {
        String message = rejection.messageAbout("the body");
        if (message.startsWith("the body is not valid JSON")) {
            Matcher position = POSITION.matcher(message);
            message = "the body is not valid JSON"
                    + (position.find() ? " (line " + position.group(1) + ", column " + position.group(2) + ")" : "");
        }
        return new StrictJson.Rejection(rejection.status(), message);
    }

    private static String utf8(byte[] body) throws StrictJson.Rejection {
        Optional<String> text = Utf8.decode(body);
        if (text.isEmpty()) {
            throw new StrictJson.Rejection(400, "the body is not UTF-8");
        }
        return text.get();
    }
}
