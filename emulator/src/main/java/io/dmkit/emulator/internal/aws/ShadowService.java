package io.dmkit.emulator.internal.aws;

import io.dmkit.emulator.EmulatorException;
import io.dmkit.emulator.TwinDocument;
import io.dmkit.emulator.internal.cloud.Json;
import io.dmkit.transport.aws.protocol.AwsTopics;
import io.dmkit.transport.aws.protocol.ShadowKey;
import io.dmkit.transport.aws.protocol.ShadowOperation;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Device Shadow service over MQTT: serves the requests devices publish, publishes the replies
 * through the broker (devices subscribe to their accepted/rejected topics), and offers the classic
 * shadow to the REST API. Injected throttling answers device requests with 429.
 *
 * <p>An operation and the publishing of its replies happen under one lock, so replies leave in
 * version order even when a device update and a REST patch race.
 */
final class ShadowService {

    private static final Logger LOG = LoggerFactory.getLogger(ShadowService.class);

    private final LinkPublisher publisher;
    private final Clock clock;
    private final ShadowStore store;
    private final Map<String, Instant> throttledUntil = new ConcurrentHashMap<>();
    private final Object publishingOrder = new Object();

    ShadowService(LinkPublisher publisher, Clock clock) {
        this.publisher = publisher;
        this.clock = clock;
        this.store = new ShadowStore(clock);
    }

    /** Serves a request {@code payload} a device published to a shadow topic; on the cloud thread. */
    void serve(AwsTopics.ShadowRequest request, byte[] payload) {
        ShadowKey shadow = request.key();
        ShadowOperation operation = request.operation();
        synchronized (publishingOrder) {
            try {
                if (isThrottled(shadow.thing())) {
                    throw new ShadowRejection(429, ShadowRejection.THROTTLED,
                            ShadowRequestParser.clientTokenIfReadable(payload));
                }
                ShadowOutcome outcome = switch (operation) {
                    case GET -> store.get(shadow, ShadowRequestParser.getOrDelete(payload));
                    case UPDATE -> store.update(shadow, ShadowRequestParser.update(payload));
                    case DELETE -> store.delete(shadow, ShadowRequestParser.getOrDelete(payload));
                };
                publish(shadow, outcome.replies());
            } catch (ShadowRejection rejection) {
                // throttling is expected under load, every other rejection is news
                String format = "AWS shadow {} of {} rejected with {}: {}";
                if (rejection.code() == 429) {
                    LOG.debug(format, operation.stub(), shadow.displayName(), rejection.code(), rejection.getMessage());
                } else {
                    LOG.info(format, operation.stub(), shadow.displayName(), rejection.code(), rejection.getMessage());
                }
                publish(shadow, List.of(new ShadowReply(operation.rejected(), rejection.payload(store.now()))));
            }
        }
    }

    /** The classic shadow as the REST API shows it; a missing shadow is empty sections at version 0. */
    TwinDocument twin(String thing) {
        return store.find(ShadowKey.classic(thing))
                .map(shadow -> new TwinDocument(Json.text(shadow.desired()), shadow.version(),
                        Json.text(shadow.reported()), shadow.version()))
                .orElseGet(() -> new TwinDocument("{}", 0, "{}", 0));
    }

    /**
     * Merges {@code patchJson} into the classic shadow's desired section (creating the shadow if
     * needed) and publishes what a device's update would: accepted, delta, documents.
     *
     * @return the shadow's new version
     * @throws EmulatorException 400 for a patch that is not a JSON object or nested too deep, 413 if the
     *         merged state would exceed the shadow limit
     */
    long patchDesired(String thing, String patchJson) {
        if (patchJson == null) {
            throw new EmulatorException(400, "a desired patch must be a JSON object, not null");
        }
        ShadowKey key = ShadowKey.classic(thing);
        synchronized (publishingOrder) {
            try {
                ShadowOutcome outcome = store.update(key,
                        ShadowRequestParser.desiredPatch(patchJson.getBytes(StandardCharsets.UTF_8)));
                publish(key, outcome.replies());
                return outcome.version();
            } catch (ShadowRejection rejection) {
                int status = rejection.code() == 413 ? 413 : 400;
                throw new EmulatorException(status, "the desired patch for the shadow of thing '" + thing
                        + "' was rejected: " + rejection.getMessage()
                        + (status == 413 ? " (the merged state is limited to " + ShadowLimits.MAX_STATE_BYTES
                                + " bytes)" : ""));
            }
        }
    }

    /** Device shadow requests are answered with 429 until {@code until}. */
    void throttle(String thing, Instant until) {
        throttledUntil.put(thing, until);
    }

    void forget(String thing) {
        store.forget(thing);
        throttledUntil.remove(thing);
    }

    private boolean isThrottled(String thing) {
        Instant until = throttledUntil.get(thing);
        return until != null && clock.instant().isBefore(until);
    }

    private void publish(ShadowKey key, List<ShadowReply> replies) {
        replies.forEach(reply -> publisher.publish(reply.topic(key), reply.payload()));
    }
}
