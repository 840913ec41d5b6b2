package io.dmkit.emulator.internal.cloud;

import java.util.Optional;

/**
 * Connections that authenticate with a provisioning claim instead of as a registered device (AWS
 * fleet provisioning by claim): the broker extension asks it about every CONNECT before the registry,
 * and hands it what such a connection subscribes to and publishes. Same threading rules as
 * {@link CloudDialect}: the callbacks run on the broker's threads and must not block.
 */
public interface ClaimConnections {

    /** Accepts no claim: every connection is a registered device's. */
    ClaimConnections NONE = new ClaimConnections() {
        @Override
        public Optional<String> claim(ConnectAttempt attempt) {
            return Optional.empty();
        }

        @Override
        public boolean maySubscribe(String claimId, String clientId, String topicFilter) {
            return false;
        }

        @Override
        public boolean mayPublish(String claimId, String clientId, String topic) {
            return false;
        }

        @Override
        public void inbound(String claimId, String clientId, InboundPublish publish) {
        }

        @Override
        public void disconnected(String claimId, String clientId) {
        }
    };

    /** The id of the claim {@code attempt} presents and that is accepted now; empty if it presents none. */
    Optional<String> claim(ConnectAttempt attempt);

    /** Whether a claim connection may subscribe to {@code topicFilter}; refused filters get SUBACK 0x80. */
    boolean maySubscribe(String claimId, String clientId, String topicFilter);

    /** Whether a claim connection may publish to {@code topic}; a refused publish closes the connection. */
    boolean mayPublish(String claimId, String clientId, String topic);

    /** An allowed publish of a claim connection; it is always consumed, never routed. */
    void inbound(String claimId, String clientId, InboundPublish publish);

    /** A claim connection ended. */
    void disconnected(String claimId, String clientId);
}
