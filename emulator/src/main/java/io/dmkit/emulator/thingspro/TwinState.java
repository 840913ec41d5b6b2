package io.dmkit.emulator.thingspro;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.Objects;

/**
 * The twin of one device (spec §4): the desired and reported properties, each a JSON object, and
 * each section's version. Immutable; what a {@link TwinStore} keeps.
 *
 * <p>The property texts hold the members only, never {@code $version}; {@link #toJson()} adds the
 * versions to give the twin as the device fetches it.
 */
public final class TwinState {

    /** The version of each section of a new device's twin. */
    public static final long INITIAL_VERSION = 1;

    private final String deviceId;
    private final String desired;
    private final long desiredVersion;
    private final String reported;
    private final long reportedVersion;

    /**
     * @param desired  the desired properties, a JSON object without {@code $}-members
     * @param reported the reported properties, a JSON object without {@code $}-members
     * @throws IllegalArgumentException if a text is not a JSON object or a version is below 1
     */
    public TwinState(String deviceId, String desired, long desiredVersion, String reported, long reportedVersion) {
        this.deviceId = Objects.requireNonNull(deviceId, "deviceId");
        this.desired = compactObject("desired", desired);
        this.reported = compactObject("reported", reported);
        if (desiredVersion < INITIAL_VERSION || reportedVersion < INITIAL_VERSION) {
            throw new IllegalArgumentException("twin versions start at 1: desired=" + desiredVersion
                    + ", reported=" + reportedVersion);
        }
        this.desiredVersion = desiredVersion;
        this.reportedVersion = reportedVersion;
    }

    /** The twin of a device the service has not seen: both sections empty, both at version 1. */
    public static TwinState initial(String deviceId) {
        return new TwinState(deviceId, "{}", INITIAL_VERSION, "{}", INITIAL_VERSION);
    }

    public String deviceId() {
        return deviceId;
    }

    /** The desired properties as a compact JSON object, without {@code $version}. */
    public String desired() {
        return desired;
    }

    public long desiredVersion() {
        return desiredVersion;
    }

    /** The reported properties as a compact JSON object, without {@code $version}. */
    public String reported() {
        return reported;
    }

    public long reportedVersion() {
        return reportedVersion;
    }

    /** A copy with other desired properties and version. */
    public TwinState withDesired(String desired, long version) {
        return new TwinState(deviceId, desired, version, reported, reportedVersion);
    }

    /** A copy with other reported properties and version. */
    public TwinState withReported(String reported, long version) {
        return new TwinState(deviceId, desired, desiredVersion, reported, version);
    }

    /** The whole twin as spec §4 shows it: {@code {"desired":{...,"$version":n},"reported":{...,"$version":m}}}. */
    public String toJson() {
        JsonObject twin = new JsonObject();
        twin.add("desired", withVersion(desired, desiredVersion));
        twin.add("reported", withVersion(reported, reportedVersion));
        return twin.toString();
    }

    private static JsonObject withVersion(String members, long version) {
        JsonObject section = JsonParser.parseString(members).getAsJsonObject();
        section.addProperty("$version", version);
        return section;
    }

    private static String compactObject(String what, String json) {
        Objects.requireNonNull(json, what);
        try {
            return JsonParser.parseString(json).getAsJsonObject().toString();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(what + " properties are not a JSON object", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TwinState t && t.deviceId.equals(deviceId) && t.desired.equals(desired)
                && t.desiredVersion == desiredVersion && t.reported.equals(reported)
                && t.reportedVersion == reportedVersion;
    }

    @Override
    public int hashCode() {
        return Objects.hash(deviceId, desired, desiredVersion, reported, reportedVersion);
    }

    @Override
    public String toString() {
        return "TwinState[" + deviceId + ", desired v" + desiredVersion + ", reported v" + reportedVersion + "]";
    }
}
