package io.dmkit.emulator.internal.aws;

import com.google.gson.JsonObject;
import io.dmkit.emulator.internal.cloud.CloudLink;
import io.dmkit.emulator.internal.cloud.Json;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the service's JSON messages through the broker's normal routing (AWS topics name the
 * thing, and devices subscribe to their reply topics) at QoS 1. A publish that fails, even by throwing
 * because the broker has stopped, is logged and reported in the returned future, never thrown at the
 * cloud thread.
 */
final class LinkPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(LinkPublisher.class);

    private final CloudLink link;

    LinkPublisher(CloudLink link) {
        this.link = link;
    }

    CompletableFuture<Void> publish(String topic, JsonObject body) {
        return publish(topic, body, 0);
    }

    /** @param messageExpirySeconds the MQTT 5 message expiry interval; 0 for none */
    CompletableFuture<Void> publish(String topic, JsonObject body, long messageExpirySeconds) {
        CompletableFuture<Void> published;
        try {
            published = link.publish(topic, Json.bytes(body), 1, List.of(), messageExpirySeconds);
        } catch (RuntimeException e) {
            published = CompletableFuture.failedFuture(e);
        }
        return published.whenComplete((ignored, failure) -> {
            if (failure != null) {
                LOG.warn("could not publish to {}: {}", topic, failure.toString());
            }
        });
    }
}
