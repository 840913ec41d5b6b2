package io.dmkit.transport.thingspro.protocol;

import io.dmkit.wire.text.Printable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A topic of the protocol, classified: its {@link TopicKind}, the device id, and the fields the
 * kind's topic carries. Immutable; made by {@link ThingsProTopics#parse(String)}.
 *
 * <p>Asking for a field the kind does not have (the {@link #rid()} of a {@code STATUS} topic, say)
 * is a programming error and throws {@link IllegalStateException}.
 */
public final class ThingsProTopic {

    private static final long NONE = -1;

    private final TopicKind kind;
    private final String deviceId;
    private final String rid;
    private final int status;
    private final long version;
    private final String commandName;
    private final long timeoutMs;
    private final Map<String, String> properties;

    private ThingsProTopic(TopicKind kind, String deviceId, String rid, int status, long version,
            String commandName, long timeoutMs, Map<String, String> properties) {
        this.kind = kind;
        this.deviceId = deviceId;
        this.rid = rid;
        this.status = status;
        this.version = version;
        this.commandName = commandName;
        this.timeoutMs = timeoutMs;
        this.properties = properties;
    }

    static ThingsProTopic status(String deviceId) {
        return new ThingsProTopic(TopicKind.STATUS, deviceId, null, (int) NONE, NONE, null, NONE, null);
    }

    static ThingsProTopic message(String deviceId, Map<String, String> properties) {
        return new ThingsProTopic(TopicKind.MESSAGE, deviceId, null, (int) NONE, NONE, null, NONE,
                Collections.unmodifiableMap(new LinkedHashMap<>(properties)));
    }

    static ThingsProTopic twinRequest(TopicKind kind, String deviceId, String rid) {
        return new ThingsProTopic(kind, deviceId, rid, (int) NONE, NONE, null, NONE, null);
    }

    static ThingsProTopic response(TopicKind kind, String deviceId, int status, String rid) {
        return new ThingsProTopic(kind, deviceId, rid, status, NONE, null, NONE, null);
    }

    static ThingsProTopic twinDesired(String deviceId, long version) {
        return new ThingsProTopic(TopicKind.TWIN_DESIRED, deviceId, null, (int) NONE, version, null, NONE, null);
    }

    static ThingsProTopic commandRequest(String deviceId, String name, String rid, long timeoutMs) {
        return new ThingsProTopic(TopicKind.COMMAND_REQUEST, deviceId, rid, (int) NONE, NONE, name, timeoutMs, null);
    }

    public TopicKind kind() {
        return kind;
    }

    /** The device whose subtree the topic is in. */
    public String deviceId() {
        return deviceId;
    }

    /** The request id: twin requests and responses, command requests and responses. */
    public String rid() {
        requireField("rid", rid != null);
        return rid;
    }

    /** The status of a twin or command response. */
    public int status() {
        requireField("status", kind == TopicKind.TWIN_RESPONSE || kind == TopicKind.COMMAND_RESPONSE);
        return status;
    }

    /** The version of a desired patch. */
    public long version() {
        requireField("version", kind == TopicKind.TWIN_DESIRED);
        return version;
    }

    /** The command name of a command request. */
    public String commandName() {
        requireField("command name", kind == TopicKind.COMMAND_REQUEST);
        return commandName;
    }

    /** How long the service waits for the reply to a command request, if the topic says. */
    public OptionalLong timeoutMs() {
        requireField("timeout", kind == TopicKind.COMMAND_REQUEST);
        return timeoutMs == NONE ? OptionalLong.empty() : OptionalLong.of(timeoutMs);
    }

    /** The decoded property bag of a telemetry topic, in order; empty without a bag. Unmodifiable. */
    public Map<String, String> properties() {
        requireField("properties", kind == TopicKind.MESSAGE);
        return properties;
    }

    private void requireField(String field, boolean present) {
        if (!present) {
            throw new IllegalStateException("a " + kind + " topic has no " + field);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ThingsProTopic t && t.kind == kind && t.deviceId.equals(deviceId)
                && Objects.equals(t.rid, rid) && t.status == status && t.version == version
                && Objects.equals(t.commandName, commandName) && t.timeoutMs == timeoutMs
                && Objects.equals(t.properties, properties);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, deviceId, rid, status, version, commandName, timeoutMs, properties);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("ThingsProTopic[").append(kind).append(", device=")
                .append(Printable.quote(deviceId));
        if (commandName != null) {
            b.append(", command=").append(Printable.quote(commandName));
        }
        if (rid != null) {
            b.append(", rid=").append(rid);
        }
        if (status != NONE) {
            b.append(", status=").append(status);
        }
        if (version != NONE) {
            b.append(", version=").append(version);
        }
        if (timeoutMs != NONE) {
            b.append(", timeoutMs=").append(timeoutMs);
        }
        if (properties != null) {
            b.append(", properties=").append(properties.size());
        }
        return b.append(']').toString();
    }
}
