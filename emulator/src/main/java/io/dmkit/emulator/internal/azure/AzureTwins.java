package io.dmkit.emulator.internal.azure;

import com.google.gson.JsonObject;
import io.dmkit.emulator.TwinDocument;
import io.dmkit.wire.json.JsonMergePatch;
import io.dmkit.wire.json.StrictJson;
import java.util.HashMap;
import java.util.Map;

/**
 * The twins of the Azure devices: desired and reported properties with their {@code $version}s (1 for a
 * new twin, one more for each accepted patch). Thread-safe.
 */
final class AzureTwins {

    private final Map<String, Twin> twins = new HashMap<>();

    synchronized TwinDocument document(String deviceId) {
        Twin twin = twin(deviceId);
        return new TwinDocument(twin.desired.toString(), twin.desiredVersion, twin.reported.toString(),
                twin.reportedVersion);
    }

    /** The twin as a device's GET returns it: both sections with their {@code $version}. */
    synchronized String deviceView(String deviceId) {
        Twin twin = twin(deviceId);
        JsonObject body = new JsonObject();
        body.add("desired", withVersion(twin.desired, twin.desiredVersion));
        body.add("reported", withVersion(twin.reported, twin.reportedVersion));
        return body.toString();
    }

    /** Merges a reported patch; returns the new reported version. Nothing changes on a rejection. */
    synchronized long patchReported(String deviceId, JsonObject patch) throws StrictJson.Rejection {
        Twin twin = twin(deviceId);
        JsonObject merged = JsonMergePatch.apply(twin.reported, patch);
        AzureTwinRules.checkSectionSize(merged);
        twin.reported = merged;
        return ++twin.reportedVersion;
    }

    /** Merges a desired patch; returns the new desired version. Nothing changes on a rejection. */
    synchronized long patchDesired(String deviceId, JsonObject patch) throws StrictJson.Rejection {
        Twin twin = twin(deviceId);
        JsonObject merged = JsonMergePatch.apply(twin.desired, patch);
        AzureTwinRules.checkSectionSize(merged);
        twin.desired = merged;
        return ++twin.desiredVersion;
    }

    synchronized void forget(String deviceId) {
        twins.remove(deviceId);
    }

    static JsonObject withVersion(JsonObject section, long version) {
        JsonObject copy = section.deepCopy();
        copy.addProperty("$version", version);
        return copy;
    }

    private Twin twin(String deviceId) {
        return twins.computeIfAbsent(deviceId, id -> new Twin());
    }

    private static final class Twin {
        JsonObject desired = new JsonObject();
        long desiredVersion = 1;
        JsonObject reported = new JsonObject();
        long reportedVersion = 1;
    }
}
