package io.dmkit.emulator.internal.aws;

import com.google.gson.JsonObject;
import io.dmkit.transport.aws.protocol.ShadowKey;
import io.dmkit.transport.aws.protocol.ShadowOperation;
import io.dmkit.transport.aws.protocol.ShadowResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The shadows of every thing and the Device Shadow service's rules for get, update and delete
 * (https://docs.aws.amazon.com/iot/latest/developerguide/device-shadow-data-flow.html). It knows no
 * topics or broker: each operation returns the replies to publish, or throws the rejection.
 * Thread-safe; timestamps are epoch seconds from the clock it is given.
 *
 * <p>Choices where AWS's documentation is silent, following AWS's Greengrass shadow manager: the delta
 * published after an update is the whole delta of the shadow (also after a reported-only update that
 * leaves a difference), and the {@code /update/documents} message of the update that creates a shadow
 * has no {@code previous}. A deleted shadow's version is remembered, so a shadow created again
 * continues from it (AWS does so for 48 hours); a version lock on a missing shadow is compared with
 * that remembered version, or 0.
 */
final class ShadowStore {

    private final Clock clock;
    private final Map<ShadowKey, ShadowDocument> shadows = new HashMap<>();
    private final Map<ShadowKey, Long> deletedVersions = new HashMap<>();

    ShadowStore(Clock clock) {
        this.clock = clock;
    }

    /** Now, in the epoch seconds AWS uses for every timestamp. */
    long now() {
        return clock.instant().getEpochSecond();
    }

    /** {@code get/accepted} with state (delta included), metadata and version; 404 if there is no shadow. */
    synchronized ShadowOutcome get(ShadowKey key, Optional<String> clientToken) throws ShadowRejection {
        ShadowDocument document = existing(key, clientToken);
        JsonObject state = document.state();
        JsonObject body = new JsonObject();
        document.delta().ifPresent(delta -> state.add("delta", delta));
        body.add("state", state);
        body.add("metadata", document.metadata());
        return new ShadowOutcome(document.version(), List.of(new ShadowReply(ShadowOperation.GET.accepted(),
                stamped(body, document.version(), now(), clientToken))));
    }

    /**
     * Applies an update, creating the shadow if needed, and returns {@code update/accepted}, then
     * {@code update/delta} if desired and reported differ, then {@code update/documents}.
     *
     * @throws ShadowRejection 409 if the version lock does not match, 413 if the merged state is over
     *         {@link ShadowLimits#MAX_STATE_BYTES}
     */
    synchronized ShadowOutcome update(ShadowKey key, ShadowUpdate update) throws ShadowRejection {
        Optional<String> token = update.clientToken();
        Optional<ShadowDocument> previous = Optional.ofNullable(shadows.get(key));
        long currentVersion = previous.map(ShadowDocument::version).orElseGet(() -> deletedVersions.getOrDefault(key, 0L));
        if (update.expectedVersion().isPresent() && update.expectedVersion().getAsLong() != currentVersion) {
            throw new ShadowRejection(409, ShadowRejection.VERSION_CONFLICT, token);
        }
        long timestamp = now();
        ShadowDocument next = previous.orElseGet(() -> ShadowDocument.empty(currentVersion)).apply(update, timestamp);
        if (next.stateBytes() > ShadowLimits.MAX_STATE_BYTES) {
            throw new ShadowRejection(413, ShadowRejection.TOO_LARGE, token);
        }
        shadows.put(key, next);
        deletedVersions.remove(key);

        List<ShadowReply> replies = new ArrayList<>();
        replies.add(new ShadowReply(ShadowOperation.UPDATE.accepted(), accepted(update, next.version(), timestamp)));
        next.delta().ifPresent(delta -> replies.add(new ShadowReply(ShadowResponse.UPDATE_DELTA,
                delta(next, delta, timestamp, token))));
        replies.add(new ShadowReply(ShadowResponse.UPDATE_DOCUMENTS, documents(previous, next, timestamp, token)));
        return new ShadowOutcome(next.version(), replies);
    }

    /** Deletes the shadow: {@code delete/accepted} with the deleted version; 404 if there is none. */
    synchronized ShadowOutcome delete(ShadowKey key, Optional<String> clientToken) throws ShadowRejection {
        ShadowDocument document = existing(key, clientToken);
        shadows.remove(key);
        deletedVersions.put(key, document.version());
        return new ShadowOutcome(document.version(), List.of(new ShadowReply(ShadowOperation.DELETE.accepted(),
                stamped(new JsonObject(), document.version(), now(), clientToken))));
    }

    synchronized Optional<ShadowDocument> find(ShadowKey key) {
        return Optional.ofNullable(shadows.get(key));
    }

    /** Forgets every shadow of {@code thing}, versions included (the thing was removed). */
    synchronized void forget(String thing) {
        shadows.keySet().removeIf(key -> key.thing().equals(thing));
        deletedVersions.keySet().removeIf(key -> key.thing().equals(thing));
    }

    private ShadowDocument existing(ShadowKey key, Optional<String> clientToken) throws ShadowRejection {
        ShadowDocument document = shadows.get(key);
        if (document == null) {
            throw new ShadowRejection(404, "No shadow exists with name: '" + key.displayName() + "'", clientToken);
        }
        return document;
    }

    /** {@code update/accepted}: the request's state as given, metadata for what it wrote. */
    private static JsonObject accepted(ShadowUpdate update, long version, long timestamp) {
        JsonObject state = update.state();
        JsonObject metadata = new JsonObject();
        state.entrySet().forEach(section -> metadata.add(section.getKey(),
                ShadowMetadata.stamp(section.getValue(), timestamp)));
        JsonObject body = new JsonObject();
        body.add("state", state);
        body.add("metadata", metadata);
        return stamped(body, version, timestamp, update.clientToken());
    }

    private static JsonObject delta(ShadowDocument document, JsonObject delta, long timestamp,
            Optional<String> token) {
        JsonObject body = new JsonObject();
        body.add("state", delta);
        body.add("metadata", document.deltaMetadata(delta));
        return stamped(body, document.version(), timestamp, token);
    }

    private static JsonObject documents(Optional<ShadowDocument> previous, ShadowDocument current, long timestamp,
            Optional<String> token) {
        JsonObject body = new JsonObject();
        previous.ifPresent(document -> body.add("previous", document.snapshot()));
        body.add("current", current.snapshot());
        body.addProperty("timestamp", timestamp);
        token.ifPresent(t -> body.addProperty("clientToken", t));
        return body;
    }

    /** Adds version, timestamp and, if the request had one, the client token. */
    private static JsonObject stamped(JsonObject body, long version, long timestamp, Optional<String> token) {
        body.addProperty("version", version);
        body.addProperty("timestamp", timestamp);
        token.ifPresent(t -> body.addProperty("clientToken", t));
        return body;
    }
}
