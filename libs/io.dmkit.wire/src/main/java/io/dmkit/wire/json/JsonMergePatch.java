package io.dmkit.wire.json;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.util.Map;

/**
 * JSON Merge Patch (RFC 7386), as every twin and shadow applies its patches: the members of an object
 * patch are set, nested objects are merged member by member, a member whose value is {@code null} is
 * deleted, and anything else (arrays included) replaces what was there. An object that a patch adds
 * keeps none of the nulls inside it, as if it had been merged into an empty object.
 *
 * <p>The methods recurse as deep as the documents nest: give them trees read by {@link StrictJson}.
 */
public final class JsonMergePatch {

    private JsonMergePatch() {
    }

    /** MergePatch(target, patch) of RFC 7386 §2, for values of any kind; neither argument is changed. */
    public static JsonElement apply(JsonElement target, JsonElement patch) {
        if (!patch.isJsonObject()) {
            return patch.deepCopy();
        }
        return apply(target.isJsonObject() ? target.getAsJsonObject() : new JsonObject(), patch.getAsJsonObject());
    }

    /** {@code patch} applied to a copy of {@code target}; neither argument is changed. */
    public static JsonObject apply(JsonObject target, JsonObject patch) {
        JsonObject result = target.deepCopy();
        merge(result, patch);
        return result;
    }

    /** Applies {@code patch} to {@code target} in place; {@code patch} is not changed, nor shared with it. */
    public static void merge(JsonObject target, JsonObject patch) {
        for (Map.Entry<String, JsonElement> member : patch.entrySet()) {
            String name = member.getKey();
            JsonElement value = member.getValue();
            if (value.isJsonNull()) {
                target.remove(name);
            } else if (value.isJsonObject()) {
                JsonObject base = target.get(name) instanceof JsonObject existing ? existing : new JsonObject();
                merge(base, value.getAsJsonObject());
                target.add(name, base);
            } else {
                target.add(name, value.deepCopy());
            }
        }
    }

    /**
     * The patch that turns {@code from} into {@code to}: changed and added members with their new value,
     * removed ones as {@code null}, objects compared member by member. Empty when they are equal.
     * Members that are {@code null} in {@code to} cannot be expressed by a merge patch: they come out
     * as removed.
     */
    public static JsonObject diff(JsonObject from, JsonObject to) {
        JsonObject patch = new JsonObject();
        for (String name : from.keySet()) {
            if (!to.has(name)) {
                patch.add(name, JsonNull.INSTANCE);
            }
        }
        for (Map.Entry<String, JsonElement> member : to.entrySet()) {
            String name = member.getKey();
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
}
