package io.dmkit.emulator.internal.fleet;

import io.dmkit.transport.aws.protocol.FleetProvisioningTopics;

/**
 * What a connection with a claim certificate may do, standing in for the claim policy of AWS's fleet
 * provisioning guide: publish the three requests of the MQTT API (JSON format) and subscribe to their
 * {@code /accepted} and {@code /rejected} answers (each, or both with {@code /+}), naming the template
 * literally. Nothing else: no shadow, command or ordinary topic.
 */
final class ClaimPolicy {

    private ClaimPolicy() {
    }

    static boolean mayPublish(String topic) {
        return FleetProvisioningTopics.parseRequest(topic).isPresent();
    }

    static boolean maySubscribe(String topicFilter) {
        return FleetProvisioningTopics.parseAnswerFilter(topicFilter).isPresent();
    }

    /** For the log line of a refusal. */
    static String refusalReason() {
        return "a provisioning claim may use only " + FleetProvisioningTopics.CREATE_KEYS_AND_CERTIFICATE + ", "
                + FleetProvisioningTopics.CREATE_CERTIFICATE_FROM_CSR + " and "
                + FleetProvisioningTopics.registerThing("{templateName}") + " and their /accepted and /rejected answers";
    }
}
