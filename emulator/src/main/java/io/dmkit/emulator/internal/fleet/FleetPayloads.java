package io.dmkit.emulator.internal.fleet;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.dmkit.wire.json.StrictJson;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads the JSON requests of the fleet provisioning API: strict JSON objects, string members, string maps. */
final class FleetPayloads {

    /** AWS's message broker limit on a payload. */
    static final int MAX_BYTES = 128 * 1024;
    private static final int MAX_DEPTH = 8;

    private FleetPayloads() {
    }

    /** @throws RejectedRequest 400 InvalidPayload for anything but one JSON object in UTF-8 */
    static JsonObject object(byte[] payload) throws RejectedRequest {
        try {
            return StrictJson.parseObject(payload, MAX_BYTES, MAX_DEPTH, true);
        } catch (StrictJson.Rejection e) {
            throw new RejectedRequest(FleetRejection.invalidPayload(e.messageAbout("the request")));
        }
    }

    /** The string member, {@code null} when absent or JSON null. @throws RejectedRequest 400 InvalidPayload for another type */
    static String optionalString(JsonObject object, String member) throws RejectedRequest {
        JsonElement value = object.get(member);
        if (value == null || value.isJsonNull()) {
            return null;
        }
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
            throw new RejectedRequest(FleetRejection.invalidPayload(member + " must be a string"));
        }
        return value.getAsString();
    }

    /**
     * An object of string values (RegisterThing's {@code parameters}); empty when absent.
     *
     * @throws RejectedRequest 400 InvalidParameters when it is not an object of strings
     */
    static Map<String, String> stringMap(JsonObject object, String member) throws RejectedRequest {
        JsonElement value = object.get(member);
        Map<String, String> map = new LinkedHashMap<>();
        if (value == null || value.isJsonNull()) {
            return map;
        }
        if (!value.isJsonObject()) {
            throw new RejectedRequest(FleetRejection.invalidParameters(member + " must be an object of strings"));
        }
        for (Map.Entry<String, JsonElement> entry : value.getAsJsonObject().entrySet()) {
            JsonElement item = entry.getValue();
            if (!item.isJsonPrimitive() || !item.getAsJsonPrimitive().isString()) {
                throw new RejectedRequest(FleetRejection.invalidParameters("parameter " + entry.getKey()
                        + " must be a string"));
            }
            map.put(entry.getKey(), item.getAsString());
        }
        return map;
    }
}
