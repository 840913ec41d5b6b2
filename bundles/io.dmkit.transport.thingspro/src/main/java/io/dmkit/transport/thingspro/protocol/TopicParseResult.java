package io.dmkit.transport.thingspro.protocol;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of {@link ThingsProTopics#parse(String)}: a {@link ThingsProTopic}, or the reason the
 * topic was rejected.
 *
 * <p>A rejected topic may still have been identified in part: when the device id, the kind or the
 * request id could be read before the problem was found, {@link #deviceId()}, {@link #kind()} and
 * {@link #rid()} return them, so the receiver can record the problem against the device or answer
 * the request with an error status instead of leaving the sender to time out.
 */
public final class TopicParseResult {

    private final ThingsProTopic topic;
    private final String rejection;
    private final TopicKind kindHint;
    private final String deviceIdHint;
    private final String ridHint;

    private TopicParseResult(ThingsProTopic topic, String rejection, TopicKind kindHint, String deviceIdHint,
            String ridHint) {
        this.topic = topic;
        this.rejection = rejection;
        this.kindHint = kindHint;
        this.deviceIdHint = deviceIdHint;
        this.ridHint = ridHint;
    }

    static TopicParseResult valid(ThingsProTopic topic) {
        return new TopicParseResult(Objects.requireNonNull(topic), null, null, null, null);
    }

    static TopicParseResult rejected(String reason, TopicKind kind, String deviceId, String rid) {
        return new TopicParseResult(null, Objects.requireNonNull(reason), kind, deviceId, rid);
    }

    public boolean isValid() {
        return topic != null;
    }

    /** The classified topic; empty if it was rejected. */
    public Optional<ThingsProTopic> topic() {
        return Optional.ofNullable(topic);
    }

    /** Why the topic was rejected, for a log line; empty if it is valid. */
    public Optional<String> rejection() {
        return Optional.ofNullable(rejection);
    }

    /** The topic's kind, if it could be told. */
    public Optional<TopicKind> kind() {
        return topic != null ? Optional.of(topic.kind()) : Optional.ofNullable(kindHint);
    }

    /** The (valid) device id in the topic, if it could be read. */
    public Optional<String> deviceId() {
        return topic != null ? Optional.of(topic.deviceId()) : Optional.ofNullable(deviceIdHint);
    }

    /** The (valid) request id in the topic, if the kind has one and it could be read. */
    public Optional<String> rid() {
        if (topic != null) {
            return kindHasRid(topic.kind()) ? Optional.of(topic.rid()) : Optional.empty();
        }
        return Optional.ofNullable(ridHint);
    }

    static boolean kindHasRid(TopicKind kind) {
        return switch (kind) {
            case TWIN_GET, TWIN_REPORTED, TWIN_RESPONSE, COMMAND_REQUEST, COMMAND_RESPONSE -> true;
            case STATUS, MESSAGE, TWIN_DESIRED -> false;
        };
    }

    @Override
    public String toString() {
        return topic != null ? "valid " + topic : "rejected: " + rejection;
    }
}
