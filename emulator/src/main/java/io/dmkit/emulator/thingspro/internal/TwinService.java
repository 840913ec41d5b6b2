package io.dmkit.emulator.thingspro.internal;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.dmkit.emulator.thingspro.TwinRequestType;
import io.dmkit.emulator.thingspro.TwinState;
import io.dmkit.emulator.thingspro.TwinStore;
import io.dmkit.transport.thingspro.protocol.Identifiers;
import io.dmkit.transport.thingspro.protocol.ThingsProTopics;
import io.dmkit.wire.json.JsonMergePatch;
import io.dmkit.wire.json.StrictJson;
import io.dmkit.wire.text.Printable;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The twin side of the protocol (spec §4): answers twin fetches, merges reported patches, and
 * publishes desired patches, keeping every twin in the {@link TwinStore}.
 *
 * <p>All reads and writes of twins happen under one lock, so a device's versions never skip or
 * repeat, and desired patches leave in version order (publishing only queues, it never waits).
 */
public final class TwinService {

    /** Spec §4.2: larger reported patches are answered 413. */
    public static final int MAX_PATCH_BYTES = 8192;
    /** Spec §4.2: deeper reported patches are answered 400. */
    public static final int MAX_PATCH_DEPTH = 10;

    private static final Logger LOG = LoggerFactory.getLogger(TwinService.class);

    private final TwinStore store;
    private final ThingsProTopics topics;
    private final Publisher publisher;
    private final TwinFaults faults;
    private final QueuedListeners<TwinState> changeListeners;
    private final Object lock = new Object();

    public TwinService(TwinStore store, ThingsProTopics topics, Publisher publisher, TwinFaults faults,
            QueuedListeners<TwinState> changeListeners) {
        this.store = store;
        this.topics = topics;
        this.publisher = publisher;
        this.faults = faults;
        this.changeListeners = changeListeners;
    }

    /** The twin of {@code deviceId}; a new device's twin if none is stored. */
    public TwinState twin(String deviceId) {
        Identifiers.requireDeviceId(deviceId);
        synchronized (lock) {
            return load(deviceId);
        }
    }

    /** A device asked for its twin (spec §4.1). The payload is ignored: it should be empty. */
    public void onGet(String deviceId, String rid) {
        if (faulted(deviceId, rid, TwinRequestType.GET)) {
            return;
        }
        TwinState twin;
        try {
            synchronized (lock) {
                twin = load(deviceId);
            }
        } catch (RuntimeException e) {
            LOG.error("Twin store failed to load the twin of device " + Printable.quote(deviceId)
                    + "; answering its twin request " + rid + " with 500", e);
            answer(deviceId, 500, rid, JsonBodies.error("internal error: the twin could not be loaded"));
            return;
        }
        LOG.debug("Twin of device {} sent for request {}", Printable.quote(deviceId), rid);
        answer(deviceId, 200, rid, JsonBodies.utf8(twin.toJson()));
    }

    /** A device sent a reported patch (spec §4.2). */
    public void onReported(String deviceId, String rid, byte[] payload) {
        if (faulted(deviceId, rid, TwinRequestType.REPORTED)) {
            return;
        }
        JsonObject patch;
        try {
            patch = StrictJson.parseObject(payload, MAX_PATCH_BYTES, MAX_PATCH_DEPTH, false);
        } catch (StrictJson.Rejection r) {
            LOG.warn("Refused reported patch " + rid + " of device " + Printable.quote(deviceId)
                    + " with " + r.status() + ": " + r.getMessage());
            answer(deviceId, r.status(), rid, JsonBodies.error(r.getMessage()));
            return;
        }
        TwinState updated;
        try {
            synchronized (lock) {
                TwinState twin = load(deviceId);
                JsonObject merged = JsonMergePatch.apply(parse(twin.reported()), patch);
                updated = twin.withReported(merged.toString(), twin.reportedVersion() + 1);
                store.save(updated);
            }
        } catch (RuntimeException e) {
            LOG.error("Twin store failed while merging reported patch " + rid + " of device "
                    + Printable.quote(deviceId) + "; answering 500", e);
            answer(deviceId, 500, rid, JsonBodies.error("internal error: the patch could not be stored"));
            return;
        }
        LOG.debug("Reported patch {} of device {} merged; reported version {}", rid, Printable.quote(deviceId),
                updated.reportedVersion());
        // Listeners are queued before the answer leaves, so they see the change before the device
        // can react to the answer.
        changeListeners.fire(updated);
        answer(deviceId, 200, rid, JsonBodies.version(updated.reportedVersion()));
    }

    /**
     * Merges {@code patchJson} into the desired properties, increments their version and publishes
     * the patch with {@code "$version"} (spec §4.3).
     *
     * @return the new desired version
     * @throws IllegalArgumentException for an invalid device id or a patch that is not a JSON object,
     *         has {@code $}-members or is nested deeper than {@value #MAX_PATCH_DEPTH} levels
     */
    public long updateDesired(String deviceId, String patchJson) {
        Identifiers.requireDeviceId(deviceId);
        JsonObject patch;
        try {
            patch = StrictJson.parseObject(JsonBodies.utf8(patchJson), Integer.MAX_VALUE, MAX_PATCH_DEPTH, false);
        } catch (StrictJson.Rejection r) {
            throw new IllegalArgumentException("desired patch refused: " + r.getMessage());
        }
        TwinState updated;
        synchronized (lock) {
            TwinState twin = load(deviceId);
            JsonObject merged = JsonMergePatch.apply(parse(twin.desired()), patch);
            updated = twin.withDesired(merged.toString(), twin.desiredVersion() + 1);
            store.save(updated);
            publishDesired(deviceId, patch, updated.desiredVersion());
        }
        changeListeners.fire(updated);
        return updated.desiredVersion();
    }

    /**
     * Publishes {@code patchJson} plus {@code "$version":version} to {@code twin/desired/{version}}
     * without touching the store: a test hook for stale and out-of-order patches.
     */
    public void publishDesiredRaw(String deviceId, String patchJson, long version) {
        Identifiers.requireDeviceId(deviceId);
        JsonElement patch;
        try {
            patch = JsonParser.parseString(patchJson);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("raw desired patch is not JSON", e);
        }
        if (!patch.isJsonObject()) {
            throw new IllegalArgumentException("raw desired patch is not a JSON object");
        }
        synchronized (lock) {
            publishDesired(deviceId, patch.getAsJsonObject(), version);
        }
    }

    private void publishDesired(String deviceId, JsonObject patch, long version) {
        JsonObject body = patch.deepCopy();
        body.addProperty("$version", version);
        if (!publisher.publish(topics.twinDesired(deviceId, version), JsonBodies.utf8(body.toString()))) {
            // The store has the change: the device gets it with its next twin fetch (spec §4.3).
            LOG.warn("Desired patch version " + version + " for device " + Printable.quote(deviceId)
                    + " was stored but not published; the device will see it when it fetches its twin");
        }
    }

    private boolean faulted(String deviceId, String rid, TwinRequestType type) {
        Optional<TwinFaults.Fault> fault = faults.take(deviceId, type);
        if (fault.isEmpty()) {
            return false;
        }
        if (fault.get().drops()) {
            LOG.info("Fault injected: not answering twin " + type + " request " + rid + " of device "
                    + Printable.quote(deviceId));
        } else {
            int status = fault.get().status();
            LOG.info("Fault injected: answering twin " + type + " request " + rid + " of device "
                    + Printable.quote(deviceId) + " with " + status);
            answer(deviceId, status, rid, JsonBodies.error("fault injected: status " + status));
        }
        return true;
    }

    private void answer(String deviceId, int status, String rid, byte[] body) {
        publisher.publish(topics.twinResponse(deviceId, status, rid), body);
    }

    private TwinState load(String deviceId) {
        return store.find(deviceId).orElseGet(() -> TwinState.initial(deviceId));
    }

    private static JsonObject parse(String members) {
        return JsonParser.parseString(members).getAsJsonObject();
    }
}
