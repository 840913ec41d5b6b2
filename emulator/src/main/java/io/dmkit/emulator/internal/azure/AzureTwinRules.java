package io.dmkit.emulator.internal.azure;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.dmkit.wire.json.StrictJson;
import io.dmkit.wire.text.Printable;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * IoT Hub's rules for a twin patch (desired or reported): a JSON object in strict UTF-8, at most 10
 * levels deep, member names of at most 1 KB without {@code .}, {@code $}, space or control
 * characters, string values of at most 4 KB, and each section at most 32 KB once merged.
 */
final class AzureTwinRules {

    static final int MAX_SECTION_BYTES = 32 * 1024;
    static final int MAX_DEPTH = 10;
    static final int MAX_NAME_BYTES = 1024;
    static final int MAX_STRING_BYTES = 4 * 1024;

    private AzureTwinRules() {
    }

    /** The patch as an object; a rejection carries 400 (malformed, a rule broken) or 413 (too large). */
    static JsonObject parsePatch(byte[] payload) throws StrictJson.Rejection {
        JsonObject patch = StrictJson.parseObject(payload, MAX_SECTION_BYTES, MAX_DEPTH, false);
        check(patch);
        return patch;
    }

    /** @throws StrictJson.Rejection 413 if the merged section is over 32 KB */
    static void checkSectionSize(JsonObject section) throws StrictJson.Rejection {
        int size = section.toString().getBytes(StandardCharsets.UTF_8).length;
        if (size > MAX_SECTION_BYTES) {
            throw new StrictJson.Rejection(413, "the twin section would be " + size + " bytes; IoT Hub allows "
                    + MAX_SECTION_BYTES);
        }
    }

    private static void check(JsonObject object) throws StrictJson.Rejection {
        for (Map.Entry<String, JsonElement> member : object.entrySet()) {
            String name = member.getKey();
            if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
                throw new StrictJson.Rejection(400, "a member name is longer than 1 KB");
            }
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                if (c == '.' || c == '$' || c == ' ' || Character.isISOControl(c)) {
                    throw new StrictJson.Rejection(400, "member name " + Printable.quote(name)
                            + " contains '.', '$', a space or a control character, which IoT Hub does not allow");
                }
            }
            JsonElement value = member.getValue();
            if (value.isJsonObject()) {
                check(value.getAsJsonObject());
            } else if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()
                    && value.getAsString().getBytes(StandardCharsets.UTF_8).length > MAX_STRING_BYTES) {
                throw new StrictJson.Rejection(400, "the string value of " + Printable.quote(name)
                        + " is longer than 4 KB");
            }
        }
    }
}
