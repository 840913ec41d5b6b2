package io.dmkit.transport.aws.internal;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.dmkit.wire.json.StrictJson;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/**
 * The device shadow seen as dmkit's twin, which has the Azure shape for every cloud
 * (docs/clouds/aws.md, "Shadow and twin"):
 * <ul>
 * <li>COMPLETE, from {@code /get/accepted}: {@code {"desired":{…state.desired…,"$version":version},
 * "reported":{…state.reported…,"$version":version}}}. The shadow has one version for the whole
 * document, so both sections carry it. {@code state.delta}, {@code metadata}, {@code timestamp} and
 * {@code clientToken} are left out.</li>
 * <li>A missing shadow (404 on get) is the empty twin at version 0: the first update creates it at a
 * later version.</li>
 * <li>PARTIAL, from {@code /update/delta}: {@code {…state…,"$version":version}}, the desired members
 * that differ from reported.</li>
 * <li>A reported patch becomes {@code {"state":{"reported":patch},"clientToken":token}}; a top-level
 * {@code "$version"} in the patch becomes AWS's optimistic lock {@code "version"} (the update is refused
 * with 409 unless the shadow is still at that version).</li>
 * </ul>
 */
final class ShadowTwin {

    static final String VERSION = "$version";

    /** A desired patch from a delta, as the core takes it. */
    record DesiredPatch(String json, long version) {
    }

    private ShadowTwin() {
    }

    /**
     * The twin from a {@code /get/accepted} document.
     *
     * @throws IllegalArgumentException if the document is not a JSON object with a version
     */
    static String twin(byte[] getAccepted) {
        JsonObject document = object(getAccepted, "the shadow document");
        long version = version(document);
        JsonObject state = document.get("state") instanceof JsonObject s ? s : new JsonObject();
        JsonObject twin = new JsonObject();
        twin.add("desired", section(state, "desired", version));
        twin.add("reported", section(state, "reported", version));
        return twin.toString();
    }

    /** The twin of a thing that has no shadow yet. */
    static String emptyTwin() {
        JsonObject twin = new JsonObject();
        twin.add("desired", section(new JsonObject(), "desired", 0));
        twin.add("reported", section(new JsonObject(), "reported", 0));
        return twin.toString();
    }

    /**
     * The desired patch in an {@code /update/delta} message.
     *
     * @throws IllegalArgumentException if the message has no {@code state} object or no version
     */
    static DesiredPatch desiredPatch(byte[] delta) {
        JsonObject message = object(delta, "the delta");
        long version = version(message);
        if (!(message.get("state") instanceof JsonObject state)) {
            throw new IllegalArgumentException("the delta has no \"state\" object");
        }
        JsonObject patch = state.deepCopy();
        patch.addProperty(VERSION, version);
        return new DesiredPatch(patch.toString(), version);
    }

    /**
     * The {@code /update} request that reports {@code patchJson}.
     *
     * @throws IllegalArgumentException if the patch is not a JSON object, or its {@code "$version"} is
     *         not a whole number of at least 0
     */
    static byte[] reportedUpdate(byte[] patchJson, String clientToken) {
        JsonObject patch = object(patchJson, "the reported patch");
        JsonElement lock = patch.remove(VERSION);
        JsonObject state = new JsonObject();
        state.add("reported", patch);
        JsonObject request = new JsonObject();
        request.add("state", state);
        if (lock != null) {
            request.addProperty("version", wholeNumber(lock));
        }
        request.addProperty("clientToken", clientToken);
        return request.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The {@code /get} request: only the client token that correlates the answer. */
    static byte[] getRequest(String clientToken) {
        JsonObject request = new JsonObject();
        request.addProperty("clientToken", clientToken);
        return request.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static JsonObject section(JsonObject state, String name, long version) {
        JsonObject section = state.get(name) instanceof JsonObject s ? s.deepCopy() : new JsonObject();
        section.addProperty(VERSION, version);
        return section;
    }

    private static long version(JsonObject document) {
        JsonElement version = document.get("version");
        if (version == null) {
            throw new IllegalArgumentException("no \"version\"");
        }
        return wholeNumber(version);
    }

    private static long wholeNumber(JsonElement element) {
        try {
            if (element.isJsonPrimitive() && element.getAsJsonPrimitive().isNumber()) {
                long value = new BigDecimal(element.getAsString()).longValueExact();
                if (value >= 0) {
                    return value;
                }
            }
        } catch (ArithmeticException | NumberFormatException e) {
            // not a whole number: refused below
        }
        throw new IllegalArgumentException("a version must be a whole number of at least 0, not " + element);
    }

    private static JsonObject object(byte[] json, String what) {
        // Strictly: decoding bytes that are not UTF-8 would invent values the shadow never held, and
        // copying a deeper document (a delta's state) would overflow the stack of Paho's callback thread.
        try {
            return StrictJson.parseObject(json, Integer.MAX_VALUE, StrictJson.MAX_DEPTH, true);
        } catch (StrictJson.Rejection e) {
            throw new IllegalArgumentException(e.messageAbout(what), e);
        }
    }
}
