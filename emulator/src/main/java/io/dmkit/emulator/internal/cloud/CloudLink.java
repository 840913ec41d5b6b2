package io.dmkit.emulator.internal.cloud;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * What a dialect may do to devices through the broker. Implemented over HiveMQ's extension services.
 */
public interface CloudLink {

    /**
     * Publishes to one client only, if it subscribed to a matching filter (Azure: the device topics
     * carry no device id). Completes with false if the client is not connected or not subscribed.
     */
    CompletableFuture<Boolean> publishToClient(String clientId, String topic, byte[] payload, int qos);

    /**
     * Publishes through the broker's normal routing (AWS: topics name the thing).
     *
     * @param userProperties MQTT 5 user properties (ignored for 3.1.1 subscribers)
     * @param messageExpirySeconds MQTT 5 message expiry interval; 0 for none
     */
    CompletableFuture<Void> publish(String topic, byte[] payload, int qos, List<Map.Entry<String, String>> userProperties,
            long messageExpirySeconds);

    /** Closes the client's connection from the service side. Completes with false if it was not connected. */
    CompletableFuture<Boolean> disconnect(String clientId);
}
