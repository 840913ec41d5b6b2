package io.dmkit.emulator.internal.aws;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Map;

/**
 * The {@code delta} of a shadow: the desired members whose value differs from the reported one, or
 * that are not reported at all. Objects are compared member by member, so only the differing part of
 * a nested object is in the delta; arrays and other values are compared whole (numbers by value, so
 * {@code 1} equals {@code 1.0}). Reported members that are not desired never appear.
 */
final class ShadowDelta {

    private ShadowDelta() {
    }

    /** The delta; an empty object when reported already matches desired. */
    static JsonObject between(JsonObject desired, JsonObject reported) {
        JsonObject delta = new JsonObject();
        for (Map.Entry<String, JsonElement> member : desired.entrySet()) {
            String name = member.getKey();
            JsonElement want = member.getValue();
            JsonElement have = reported.get(name);
            if (have == null) {
                delta.add(name, want.deepCopy());
            } else if (want.isJsonObject() && have.isJsonObject()) {
                JsonObject nested = between(want.getAsJsonObject(), have.getAsJsonObject());
                if (nested.size() > 0) {
                    delta.add(name, nested);
                }
            } else if (!want.equals(have)) {
                delta.add(name, want.deepCopy());
            }
        }
        return delta;
    }
}
