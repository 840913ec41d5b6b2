package io.dmkit.service.thingspro.json;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Map;

/**
 * The merge of spec §4.2, which is JSON Merge Patch (RFC 7386): members of the patch are set, nested
 * objects are merged member by member, a member whose value is {@code null} is deleted, and anything
 * else (arrays included) replaces what was there.
 */
public final class JsonMerge {

    private JsonMerge() {
    }

    /** {@code patch} applied to a copy of {@code target}; neither argument is changed. */
    public static JsonObject apply(JsonObject target, JsonObject patch) {
        JsonObject result = target.deepCopy();
        for (Map.Entry<String, JsonElement> member : patch.entrySet()) {
            String name = member.getKey();
            JsonElement value = member.getValue();
            if (value.isJsonNull()) {
                result.remove(name);
            } else if (value.isJsonObject()) {
                JsonElement existing = result.get(name);
                JsonObject base = existing != null && existing.isJsonObject() ? existing.getAsJsonObject() : new JsonObject();
                // Merging into an empty base also drops the nulls nested in a newly set object.
                result.add(name, apply(base, value.getAsJsonObject()));
            } else {
                result.add(name, value.deepCopy());
            }
        }
        return result;
    }
}
