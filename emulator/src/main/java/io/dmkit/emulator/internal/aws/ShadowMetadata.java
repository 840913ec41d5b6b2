package io.dmkit.emulator.internal.aws;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Map;

/**
 * The {@code metadata} of a shadow section: the same shape as the state, with
 * {@code {"timestamp":<epoch seconds>}} in place of every leaf (array elements included), telling
 * when each leaf was last written.
 */
final class ShadowMetadata {

    private ShadowMetadata() {
    }

    /** Metadata stamping every leaf of {@code value} (a {@code null} leaf too) with {@code timestamp}. */
    static JsonElement stamp(JsonElement value, long timestamp) {
        if (value.isJsonObject()) {
            JsonObject result = new JsonObject();
            for (Map.Entry<String, JsonElement> member : value.getAsJsonObject().entrySet()) {
                result.add(member.getKey(), stamp(member.getValue(), timestamp));
            }
            return result;
        }
        if (value.isJsonArray()) {
            JsonArray result = new JsonArray();
            for (JsonElement element : value.getAsJsonArray()) {
                result.add(stamp(element, timestamp));
            }
            return result;
        }
        JsonObject leaf = new JsonObject();
        leaf.addProperty("timestamp", timestamp);
        return leaf;
    }

    /**
     * The metadata of {@code state} after {@code patch} was merged into it: leaves the patch wrote get
     * {@code timestamp}, the others keep theirs from {@code previous}, deleted ones disappear.
     *
     * @param previous the metadata before the patch
     * @param state the section after the merge
     * @param patch the merge patch that was applied
     */
    static JsonObject merge(JsonObject previous, JsonObject state, JsonObject patch, long timestamp) {
        JsonObject result = new JsonObject();
        for (Map.Entry<String, JsonElement> member : state.entrySet()) {
            String name = member.getKey();
            JsonElement value = member.getValue();
            JsonElement written = patch.get(name);
            JsonElement before = previous.get(name);
            if (written == null) {
                // Untouched by the patch: its metadata is unchanged (stamped anew only if it was lost).
                result.add(name, before != null ? before.deepCopy() : stamp(value, timestamp));
            } else if (written.isJsonObject() && value.isJsonObject()) {
                // Merged member by member. When it replaced a leaf, every member came from the patch,
                // so the leaf's old metadata is never consulted.
                JsonObject beforeObject = before != null && before.isJsonObject() ? before.getAsJsonObject()
                        : new JsonObject();
                result.add(name, merge(beforeObject, value.getAsJsonObject(), written.getAsJsonObject(), timestamp));
            } else {
                result.add(name, stamp(value, timestamp));
            }
        }
        return result;
    }

    /**
     * The metadata of the desired leaves a delta names: {@code delta} is a sub-tree of the desired
     * section, so its metadata is the matching sub-tree of the desired metadata.
     */
    static JsonObject select(JsonObject desiredMetadata, JsonObject delta) {
        JsonObject result = new JsonObject();
        for (Map.Entry<String, JsonElement> member : delta.entrySet()) {
            JsonElement metadata = desiredMetadata.get(member.getKey());
            if (metadata == null) {
                continue;
            }
            if (member.getValue().isJsonObject() && metadata.isJsonObject()) {
                result.add(member.getKey(), select(metadata.getAsJsonObject(), member.getValue().getAsJsonObject()));
            } else {
                result.add(member.getKey(), metadata.deepCopy());
            }
        }
        return result;
    }
}
