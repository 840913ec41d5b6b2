package io.dmkit.emulator.internal.dps;

import io.dmkit.transport.azure.protocol.AzureTopics;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * DPS's MQTT topics ({@code protocols.md} §8.1): the device subscribes {@value #RESPONSE_FILTER}, publishes
 * a registration to {@code $dps/registrations/PUT/iotdps-register/?$rid={rid}} and polls with
 * {@code $dps/registrations/GET/iotdps-get-operationstatus/?$rid={rid}&operationId={id}}; answers come on
 * {@code $dps/registrations/res/{status}/?$rid={rid}[&retry-after={seconds}]}.
 */
final class DpsTopics {

    static final String RESPONSE_FILTER = "$dps/registrations/res/#";
    static final String REGISTER = "$dps/registrations/PUT/iotdps-register/";
    static final String OPERATION_STATUS = "$dps/registrations/GET/iotdps-get-operationstatus/";

    /** A device's request: which one, its {@code $rid} and (polls) its operation id. */
    record Request(Kind kind, String rid, Optional<String> operationId) {
    }

    enum Kind { REGISTER, OPERATION_STATUS }

    private DpsTopics() {
    }

    static boolean isRequest(String topic) {
        String path = AzureTopics.path(topic);
        return path.equals(REGISTER) || path.equals(OPERATION_STATUS);
    }

    /**
     * @throws IllegalArgumentException for a topic that is not a request, or one without {@code $rid}
     */
    static Request parse(String topic) {
        String path = AzureTopics.path(topic);
        Map<String, String> query = AzureTopics.query(topic);
        String rid = query.get("$rid");
        if (rid == null || rid.isEmpty()) {
            throw new IllegalArgumentException("the request has no $rid");
        }
        if (path.equals(REGISTER)) {
            return new Request(Kind.REGISTER, rid, Optional.empty());
        }
        if (path.equals(OPERATION_STATUS)) {
            return new Request(Kind.OPERATION_STATUS, rid, Optional.ofNullable(query.get("operationId")));
        }
        throw new IllegalArgumentException("not a DPS request topic");
    }

    static String response(int status, String rid, OptionalLong retryAfterSeconds) {
        return "$dps/registrations/res/" + status + "/?$rid=" + rid
                + (retryAfterSeconds.isPresent() ? "&retry-after=" + retryAfterSeconds.getAsLong() : "");
    }
}
