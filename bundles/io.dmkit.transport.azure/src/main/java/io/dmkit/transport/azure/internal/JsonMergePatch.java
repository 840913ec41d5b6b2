package io.dmkit.transport.azure.internal;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.util.Map;

/**
 * JSON merge patches as IoT Hub applies them to twin sections (RFC 7396): a member set to
 * {@code null} is deleted, an object is merged member by member, anything else replaces. Members
 * whose names start with {@code $} ({@code $version}, {@code $metadata}) are the hub's bookkeeping,
 * not properties: both operations skip them.
 */
final class JsonMergePatch {

    private JsonMergePatch() {
    }

    /** Applies {@code patch} to {@code target} in place. */
    static void apply(JsonObject target, JsonObject patch) {
        for (Map.Entry<String, JsonElement> member : patch.entrySet()) {
            String name = member.getKey();
            JsonElement value = member.getValue();
            if (name.startsWith("$")) {
                continue;
            }
            if (value.isJsonNull()) {
                target.remove(name);
            } else if (value.isJsonObject() && target.get(name) instanceof JsonObject existing) {
                apply(existing, value.getAsJsonObject());
            } else {
                target.add(name, withoutNulls(value));
            }
        }
    }

    /**
     * The patch that turns {@code from} into {@code to}: changed and added members with their new
     * value, removed ones as {@code null}, objects diffed member by member. Empty when they are equal.
     */
    static JsonObject diff(JsonObject from, JsonObject to) {
        JsonObject patch = new JsonObject();
        for (Map.Entry<String, JsonElement> member : from.entrySet()) {
            if (!member.getKey().startsWith("$") && !to.has(member.getKey())) {
                patch.add(member.getKey(), JsonNull.INSTANCE);
            }
        }
        for (Map.Entry<String, JsonElement> member : to.entrySet()) {
            String name = member.getKey();
            if (name.startsWith("$")) {
                continue;
            }
            JsonElement before = from.get(name);
            JsonElement after = member.getValue();
            if (before != null && before.isJsonObject() && after.isJsonObject()) {
                JsonObject inner = diff(before.getAsJsonObject(), after.getAsJsonObject());
                if (inner.size() > 0) {
                    patch.add(name, inner);
                }
            } else if (!after.equals(before)) {
                patch.add(name, after.deepCopy());
            }
        }
        return patch;
    }

    /** A value as stored: an object patch that adds a new member keeps no nulls inside it. */
    private static JsonElement withoutNulls(JsonElement value) {
        if (!value.isJsonObject()) {
            return value.deepCopy();
        }
        JsonObject copy = new JsonObject();
        for (Map.Entry<String, JsonElement> member : value.getAsJsonObject().entrySet()) {
            if (!member.getValue().isJsonNull()) {
                copy.add(member.getKey(), withoutNulls(member.getValue()));
            }
        }
        return copy;
    }
}
