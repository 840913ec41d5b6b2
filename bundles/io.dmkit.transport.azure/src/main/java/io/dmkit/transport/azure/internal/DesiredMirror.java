package io.dmkit.transport.azure.internal;

import com.google.gson.JsonObject;
import io.dmkit.wire.json.JsonMergePatch;
import io.dmkit.wire.json.StrictJson;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The transport's copy of the desired properties as the core has been told them (the twins it
 * fetched, the patches it was given). It exists for one moment: IoT Hub does not queue desired
 * patches for a disconnected device, so the patches made while the transport reconnects to renew its
 * SAS token would be lost; after the reconnect the transport fetches the twin and hands the core the
 * difference between this copy and the hub's desired properties as one patch.
 *
 * <p>Patches that arrive before the first twin of a connection are kept and applied once it comes,
 * if newer, as the core does. Documents the core would refuse (read by {@link StrictJson} as the core
 * reads them) are ignored. Members whose names start with {@code $} ({@code $version},
 * {@code $metadata}) are the hub's bookkeeping, not properties: the copy holds none of them. Thread-safe.
 */
final class DesiredMirror {

    /** The desired section without the hub's bookkeeping; null while unknown. */
    private JsonObject desired;
    private long version = -1;
    private final TreeMap<Long, JsonObject> early = new TreeMap<>();

    /** A new connection of the core's: forget everything until its twin arrives. */
    synchronized void reset() {
        desired = null;
        version = -1;
        early.clear();
    }

    synchronized boolean isKnown() {
        return desired != null;
    }

    synchronized long version() {
        return version;
    }

    /**
     * A whole twin ({@code {"desired":{…,"$version":n},"reported":{…}}}) arrived. Adopts its desired
     * section unless an equal or newer one is known.
     *
     * @return the patch (with {@code $version}) from the previous copy to this one, when a copy was
     *         known, this one is newer and differs; empty otherwise (also for a twin without a usable
     *         desired section, which is ignored)
     */
    synchronized Optional<Patch> adopt(String twinJson) {
        JsonObject section;
        long v;
        try {
            section = StrictJson.parseObject(twinJson, StrictJson.MAX_DEPTH).getAsJsonObject("desired");
            v = section.get("$version").getAsLong();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        if (v <= version) {
            return Optional.empty();
        }
        JsonObject next = withoutBookkeeping(section.deepCopy());
        Optional<Patch> change = Optional.empty();
        if (desired != null) {
            JsonObject diff = JsonMergePatch.diff(desired, next);
            if (diff.size() > 0) {
                diff.addProperty("$version", v);
                change = Optional.of(new Patch(diff.toString(), v));
            }
        }
        desired = next;
        version = v;
        for (Map.Entry<Long, JsonObject> patch : early.tailMap(v, false).entrySet()) {
            JsonMergePatch.merge(desired, patch.getValue());
            version = patch.getKey();
        }
        early.clear();
        return change;
    }

    /** A desired patch ({@code {…,"$version":n}}) was handed to the core. */
    synchronized void apply(String patchJson, long patchVersion) {
        JsonObject patch;
        try {
            patch = withoutBookkeeping(StrictJson.parseObject(patchJson, StrictJson.MAX_DEPTH));
        } catch (StrictJson.Rejection e) {
            return; // the core drops it too
        }
        if (desired == null) {
            early.put(patchVersion, patch);
            return;
        }
        if (patchVersion <= version) {
            return;
        }
        JsonMergePatch.merge(desired, patch);
        version = patchVersion;
    }

    /**
     * {@code section} without its {@code $} members. IoT Hub allows {@code $} in no property name, so
     * they stand only at the top of a section or patch.
     */
    private static JsonObject withoutBookkeeping(JsonObject section) {
        List.copyOf(section.keySet()).stream().filter(name -> name.startsWith("$")).forEach(section::remove);
        return section;
    }

    /** A desired patch for the core. */
    record Patch(String json, long version) {
    }
}
