package io.dmkit.transport.azure.protocol;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One IoT Hub topic, parsed by {@link AzureTopics#parse(String)}: its kind and the fields its path
 * and property bag carry. Fields a kind does not have are empty.
 *
 * @param kind what the topic is for
 * @param deviceId the device of a telemetry topic
 * @param status the status of a twin or method response
 * @param rid the request id ({@code $rid}) of a request or response
 * @param version the {@code $version} of a twin response or desired patch
 * @param methodName the name of a direct method request
 * @param properties the decoded property bag: telemetry properties, or the query of the others
 */
public record AzureTopic(Kind kind, Optional<String> deviceId, OptionalInt status, Optional<String> rid,
        OptionalLong version, Optional<String> methodName, Map<String, String> properties) {

    /** The kinds of topic, by direction. */
    public enum Kind {
        /** Device to hub: {@code devices/{id}/messages/events/{bag}}. */
        TELEMETRY,
        /** Device to hub: {@code $iothub/twin/GET/?$rid=}. */
        TWIN_GET,
        /** Device to hub: {@code $iothub/twin/PATCH/properties/reported/?$rid=}. */
        TWIN_REPORTED,
        /** Device to hub: {@code $iothub/methods/res/{status}/?$rid=}. */
        METHOD_RESPONSE,
        /** Hub to device: {@code $iothub/twin/res/{status}/?$rid=[&$version=]}. */
        TWIN_RESPONSE,
        /** Hub to device: {@code $iothub/twin/PATCH/properties/desired/?$version=}. */
        DESIRED_PATCH,
        /** Hub to device: {@code $iothub/methods/POST/{name}/?$rid=}. */
        METHOD_REQUEST
    }
}
