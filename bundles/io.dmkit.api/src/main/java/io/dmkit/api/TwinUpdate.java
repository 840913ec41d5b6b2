package io.dmkit.api;

import java.util.Objects;

/**
 * A device-twin update as a listener receives it (the seed's twin callback).
 *
 * <p>Every cloud's twin is shown in one shape, the Azure IoT Hub shape:
 * <ul>
 * <li>{@link Kind#COMPLETE}: the whole twin,
 * {@code {"desired":{...,"$version":n},"reported":{...,"$version":m}}};</li>
 * <li>{@link Kind#PARTIAL}: a patch of the desired properties, {@code {...,"$version":n}}, where a
 * member set to {@code null} is deleted.</li>
 * </ul>
 * {@link #version()} is the desired-properties version the update brings the twin to. Updates of
 * one session reach a listener in increasing version order; a PARTIAL never repeats or precedes
 * the COMPLETE it follows.
 */
public final class TwinUpdate {

    /** Whether an update is the complete twin or a patch of the desired properties. */
    public enum Kind {
        /** The whole twin: sent after every (re)connect, and to a listener when it is added. */
        COMPLETE,
        /** A desired-properties patch. */
        PARTIAL
    }

    private final Kind kind;
    private final String json;
    private final long version;

    public TwinUpdate(Kind kind, String json, long version) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.json = Objects.requireNonNull(json, "json");
        this.version = version;
    }

    public Kind kind() {
        return kind;
    }

    /** The JSON document: the whole twin for COMPLETE, the patch for PARTIAL. */
    public String json() {
        return json;
    }

    /** The desired-properties version after this update. */
    public long version() {
        return version;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TwinUpdate t && t.kind == kind && t.version == version && t.json.equals(json);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, json, version);
    }

    @Override
    public String toString() {
        return "TwinUpdate[" + kind + ", version=" + version + ", " + json.length() + " chars]";
    }
}
