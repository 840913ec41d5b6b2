package io.dmkit.provisioning.aws.internal;

import io.dmkit.transport.aws.protocol.FleetProvisioningTopics;
import java.util.concurrent.CompletableFuture;

/**
 * The answer one request of the fleet provisioning API waits for. The API has no request ids: the
 * service answers on the request's topic plus {@code /accepted} or {@code /rejected}, so a client makes
 * one request at a time and takes the first answer on those two topics.
 */
final class PendingAnswer {

    /** An answer: accepted or rejected, and its body. */
    record Answer(boolean accepted, byte[] body) {
    }

    private final String acceptedTopic;
    private final String rejectedTopic;
    private final CompletableFuture<Answer> result = new CompletableFuture<>();

    PendingAnswer(String requestTopic) {
        this.acceptedTopic = FleetProvisioningTopics.accepted(requestTopic);
        this.rejectedTopic = FleetProvisioningTopics.rejected(requestTopic);
    }

    /** Whether a message on {@code topic} answers this request. */
    boolean isAnsweredBy(String topic) {
        return topic.equals(acceptedTopic) || topic.equals(rejectedTopic);
    }

    /** Completes the request with a message on one of its answer topics (see {@link #isAnsweredBy}); once. */
    void answer(String topic, byte[] body) {
        result.complete(new Answer(topic.equals(acceptedTopic), body));
    }

    void fail(Throwable error) {
        result.completeExceptionally(error);
    }

    CompletableFuture<Answer> result() {
        return result;
    }
}
