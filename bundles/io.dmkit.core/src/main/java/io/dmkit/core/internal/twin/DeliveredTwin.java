package io.dmkit.core.internal.twin;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.dmkit.api.TwinUpdate;
import io.dmkit.wire.json.JsonMergePatch;
import io.dmkit.wire.json.StrictJson;

/**
 * The twin of one session as the core last delivered it, in the Azure shape. Confined to the
 * session's control lane.
 */
public final class DeliveredTwin {

    private JsonObject document;

    /** Whether a complete twin has been received. */
    public boolean isKnown() {
        return document != null;
    }

    /** The desired version of the document, or -1 when no twin is known. */
    long desiredVersion() {
        return document == null ? -1 : version(document.getAsJsonObject("desired"));
    }

    /**
     * Replaces the twin with a complete document from the service.
     *
     * @throws IllegalArgumentException if the document is not one strict JSON object (see
     *         {@link StrictJson}) or lacks a {@code desired} object with a version
     */
    TwinUpdate replace(String json) {
        JsonObject doc = StrictJson.parseObject(json, StrictJson.MAX_DEPTH);
        if (!(doc.get("desired") instanceof JsonObject desired) || version(desired) < 0) {
            throw new IllegalArgumentException("the twin has no \"desired\" object with a \"$version\"");
        }
        if (!(doc.get("reported") instanceof JsonObject)) {
            doc.add("reported", new JsonObject());
        }
        document = doc;
        return complete();
    }

    /** Applies a desired patch whose version is newer than the document's. */
    TwinUpdate applyDesired(JsonObject patch, long version) {
        JsonObject desired = document.getAsJsonObject("desired");
        JsonMergePatch.merge(desired, patch);
        desired.addProperty("$version", version);
        JsonObject delivered = patch.deepCopy();
        delivered.addProperty("$version", version);
        return new TwinUpdate(TwinUpdate.Kind.PARTIAL, delivered.toString(), version);
    }

    /** Applies a reported patch the service accepted, with the reported version it assigned. */
    void applyReported(JsonObject patch, long version) {
        if (document == null) {
            return;
        }
        JsonObject reported = document.getAsJsonObject("reported");
        JsonMergePatch.merge(reported, patch);
        if (version >= 0) {
            reported.addProperty("$version", version);
        }
    }

    /** The whole document as a COMPLETE update. */
    public TwinUpdate complete() {
        return new TwinUpdate(TwinUpdate.Kind.COMPLETE, document.toString(), desiredVersion());
    }

    /** The integer {@code $version} member of an object, or -1. */
    static long version(JsonObject o) {
        JsonElement v = o == null ? null : o.get("$version");
        if (v == null || !v.isJsonPrimitive() || !v.getAsJsonPrimitive().isNumber()) {
            return -1;
        }
        try {
            return v.getAsLong();
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
