package io.dmkit.emulator.internal.aws;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.dmkit.emulator.internal.cloud.Json;
import io.dmkit.wire.json.JsonMergePatch;
import java.util.Optional;

/**
 * One stored shadow: its desired and reported sections, their metadata and its version. Immutable:
 * {@link #apply} returns the next document, so a rejected update leaves nothing half-done. Empty
 * sections are left out of every rendering, as AWS leaves them out.
 */
final class ShadowDocument {

    private final JsonObject desired;
    private final JsonObject reported;
    private final JsonObject desiredMetadata;
    private final JsonObject reportedMetadata;
    private final long version;

    private ShadowDocument(JsonObject desired, JsonObject reported, JsonObject desiredMetadata,
            JsonObject reportedMetadata, long version) {
        this.desired = desired;
        this.reported = reported;
        this.desiredMetadata = desiredMetadata;
        this.reportedMetadata = reportedMetadata;
        this.version = version;
    }

    /** A shadow with empty sections: what an update to a missing shadow starts from. */
    static ShadowDocument empty(long version) {
        return new ShadowDocument(new JsonObject(), new JsonObject(), new JsonObject(), new JsonObject(), version);
    }

    /**
     * The document after {@code update}, one version later: each section the update names is merged
     * (JSON Merge Patch: a {@code null} member is deleted) or, for a {@code null} section, cleared.
     */
    ShadowDocument apply(ShadowUpdate update, long timestamp) {
        JsonObject newDesired = desired;
        JsonObject newDesiredMetadata = desiredMetadata;
        if (update.desired().isPresent()) {
            JsonElement patch = update.desired().get();
            newDesired = merged(desired, patch);
            newDesiredMetadata = mergedMetadata(desiredMetadata, newDesired, patch, timestamp);
        }
        JsonObject newReported = reported;
        JsonObject newReportedMetadata = reportedMetadata;
        if (update.reported().isPresent()) {
            JsonElement patch = update.reported().get();
            newReported = merged(reported, patch);
            newReportedMetadata = mergedMetadata(reportedMetadata, newReported, patch, timestamp);
        }
        return new ShadowDocument(newDesired, newReported, newDesiredMetadata, newReportedMetadata, version + 1);
    }

    long version() {
        return version;
    }

    JsonObject desired() {
        return desired.deepCopy();
    }

    JsonObject reported() {
        return reported.deepCopy();
    }

    /** {@code {"desired":…,"reported":…}}, empty sections left out: what is stored and measured. */
    JsonObject state() {
        return sections(desired, reported);
    }

    JsonObject metadata() {
        return sections(desiredMetadata, reportedMetadata);
    }

    /** Bytes of the compact UTF-8 JSON of {@link #state()}: what the 8 KB limit applies to. */
    int stateBytes() {
        return Json.bytes(state()).length;
    }

    /** The difference between desired and reported; empty when there is none. */
    Optional<JsonObject> delta() {
        JsonObject delta = ShadowDelta.between(desired, reported);
        return delta.size() == 0 ? Optional.empty() : Optional.of(delta);
    }

    /** The desired metadata of the members in {@code delta}. */
    JsonObject deltaMetadata(JsonObject delta) {
        return ShadowMetadata.select(desiredMetadata, delta);
    }

    /** {@code {"state":…,"metadata":…,"version":…}}: one side of an {@code /update/documents} message. */
    JsonObject snapshot() {
        JsonObject snapshot = new JsonObject();
        snapshot.add("state", state());
        snapshot.add("metadata", metadata());
        snapshot.addProperty("version", version);
        return snapshot;
    }

    private static JsonObject merged(JsonObject section, JsonElement patch) {
        return patch.isJsonObject() ? JsonMergePatch.apply(section, patch.getAsJsonObject()) : new JsonObject();
    }

    private static JsonObject mergedMetadata(JsonObject metadata, JsonObject section, JsonElement patch,
            long timestamp) {
        return patch.isJsonObject() ? ShadowMetadata.merge(metadata, section, patch.getAsJsonObject(), timestamp)
                : new JsonObject();
    }

    private static JsonObject sections(JsonObject desiredPart, JsonObject reportedPart) {
        JsonObject result = new JsonObject();
        if (desiredPart.size() > 0) {
            result.add(ShadowUpdate.DESIRED, desiredPart.deepCopy());
        }
        if (reportedPart.size() > 0) {
            result.add(ShadowUpdate.REPORTED, reportedPart.deepCopy());
        }
        return result;
    }
}
