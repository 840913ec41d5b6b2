package io.dmkit.provisioning.azure.internal;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.dmkit.api.ConnectionReason;
import io.dmkit.api.SessionConfig;
import io.dmkit.api.spi.IssuedIdentity;
import io.dmkit.api.spi.TransportException;
import io.dmkit.provisioning.azure.protocol.DpsTopics;
import io.dmkit.wire.json.StrictJson;
import io.dmkit.wire.text.Printable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What one answer of the service means for the registration: the identity it assigned, an operation
 * still in progress (poll again after its retry-after), or a failure with the session's reason for it.
 */
final class DpsAnswer {

    /** The largest answer read: a registration state with its payload is a few KB. */
    static final int MAX_BYTES = 64 * 1024;
    /** How long to wait before polling when the service does not say. */
    static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(3);
    /** The registration state members shown in the session's details, in this order. */
    private static final String[] DETAILS = {"registrationId", "assignedHub", "deviceId", "status", "substatus",
        "etag", "createdDateTimeUtc", "lastUpdatedDateTimeUtc"};

    /** The next step of a registration. Exactly one of the fields is set. */
    record Step(IssuedIdentity identity, String operationId, Duration pollAfter, TransportException failure) {
        static Step assigned(IssuedIdentity identity) {
            return new Step(identity, null, null, null);
        }

        static Step poll(String operationId, Duration after) {
            return new Step(null, operationId, after, null);
        }

        static Step failed(TransportException failure) {
            return new Step(null, null, null, failure);
        }
    }

    private DpsAnswer() {
    }

    /** Reads one answer to a register or operation-status request. */
    static Step interpret(DpsTopics.Response response, byte[] body, DpsSettings settings) {
        int status = response.status();
        JsonObject json;
        try {
            json = body.length == 0 ? new JsonObject()
                    : StrictJson.parseObject(body, MAX_BYTES, StrictJson.MAX_DEPTH, true);
        } catch (IllegalArgumentException e) {
            return Step.failed(failure(ConnectionReason.COMMUNICATION_ERROR, status, "its " + status + " answer is not "
                    + "a JSON object (" + e.getMessage() + ")", null, false, settings));
        }
        if (status == 200 || status == 202) {
            return progress(status, json, response.retryAfter(), settings);
        }
        String said = errorText(json);
        return switch (status) {
            case 401 -> Step.failed(failure(ConnectionReason.BAD_CREDENTIAL, status, "refused the registration (401"
                    + said + "): check " + DpsSettings.ID_SCOPE.id() + ", the key or certificate, and the gateway's "
                    + "clock (tokens are signed with it)", null, false, settings));
            case 404 -> Step.failed(failure(ConnectionReason.BAD_CREDENTIAL, status, "has no enrollment for it (404"
                    + said + "): create an individual enrollment for registration id " + settings.registrationId
                    + " or an enrollment group that admits it", null, false, settings));
            case 429 -> Step.failed(failure(ConnectionReason.QUOTA_EXCEEDED, status, "throttled the registration (429"
                    + said + ")", response.retryAfter().orElse(DEFAULT_RETRY_AFTER), false, settings));
            case 400 -> Step.failed(failure(ConnectionReason.INVALID_CONFIGURATION, status, "refused the request as "
                    + "malformed (400" + said + "): check " + DpsSettings.PAYLOAD.id() + " and the registration id",
                    null, false, settings));
            default -> Step.failed(failure(ConnectionReason.COMMUNICATION_ERROR, status, "answered " + status + said,
                    response.retryAfter().orElse(null), false, settings));
        };
    }

    private static Step progress(int status, JsonObject json, Optional<Duration> retryAfter, DpsSettings settings) {
        JsonObject state = json.has("registrationState") && json.get("registrationState").isJsonObject()
                ? json.getAsJsonObject("registrationState") : null;
        String operationStatus = text(json, "status").orElse(state == null ? "" : text(state, "status").orElse(""));
        String operationId = text(json, "operationId").orElse(null);
        Duration after = retryAfter.orElse(DEFAULT_RETRY_AFTER);
        switch (operationStatus) {
            case "assigned":
                if (state == null) {
                    return Step.failed(failure(ConnectionReason.COMMUNICATION_ERROR, status, "said 'assigned' without "
                            + "a registrationState", null, false, settings));
                }
                return assigned(state, status, settings);
            case "assigning":
            case "unassigned":
                if (operationId == null) {
                    return Step.failed(failure(ConnectionReason.COMMUNICATION_ERROR, status, "said '"
                            + operationStatus + "' without an operationId", null, false, settings));
                }
                return Step.poll(operationId, after);
            case "disabled":
                return Step.failed(failure(ConnectionReason.DEVICE_DISABLED, status, "says the enrollment is disabled"
                        + stateError(state) + "; enable it in DPS, then reconnect or re-provision the session", null,
                        true, settings));
            case "failed":
                return Step.failed(failure(ConnectionReason.COMMUNICATION_ERROR, status, "could not assign the device"
                        + stateError(state), null, false, settings));
            default:
                if (status == 202 && operationId != null) {
                    return Step.poll(operationId, after);
                }
                return Step.failed(failure(ConnectionReason.COMMUNICATION_ERROR, status, "answered " + status
                        + " with status " + Printable.quote(operationStatus), null, false, settings));
        }
    }

    private static Step assigned(JsonObject state, int status, DpsSettings settings) {
        Optional<String> hub = text(state, "assignedHub");
        Optional<String> deviceId = text(state, "deviceId");
        if (hub.isEmpty() || deviceId.isEmpty()) {
            return Step.failed(failure(ConnectionReason.COMMUNICATION_ERROR, status, "assigned the device without "
                    + (hub.isEmpty() ? "an assignedHub" : "a deviceId"), null, false, settings));
        }
        Map<String, String> supplied = new LinkedHashMap<>();
        supplied.put(SessionConfig.HOST.id(), hub.get());
        supplied.put(SessionConfig.DEVICE_ID.id(), deviceId.get());
        settings.keyForHub().ifPresent(k -> supplied.put(SessionConfig.KEY.id(), k));
        Map<String, String> details = new LinkedHashMap<>();
        for (String name : DETAILS) {
            text(state, name).ifPresent(v -> details.put(name, v));
        }
        JsonElement payload = state.get("payload");
        return Step.assigned(new IssuedIdentity(supplied, details,
                payload == null || payload.isJsonNull() ? null : payload.toString()));
    }

    private static TransportException failure(ConnectionReason reason, int status, String what, Duration retryAfter,
            boolean permanent, DpsSettings settings) {
        return new TransportException(reason, status, settings + " " + what, null, retryAfter, permanent);
    }

    /** ": <message> (<errorCode>)" from an error body, quoted since it comes from the network; "" if none. */
    private static String errorText(JsonObject json) {
        Optional<String> message = text(json, "message");
        Optional<String> code = text(json, "errorCode");
        if (message.isEmpty() && code.isEmpty()) {
            return "";
        }
        return ": " + message.map(Printable::quote).orElse("") + code.map(c -> " (error " + Printable.quote(c) + ")")
                .orElse("");
    }

    private static String stateError(JsonObject state) {
        if (state == null) {
            return "";
        }
        Optional<String> message = text(state, "errorMessage");
        Optional<String> code = text(state, "errorCode");
        return message.isEmpty() && code.isEmpty() ? "" : " (" + message.map(Printable::quote).orElse("")
                + code.map(c -> " error " + Printable.quote(c)).orElse("") + ")";
    }

    private static Optional<String> text(JsonObject o, String name) {
        JsonElement e = o.get(name);
        return e != null && e.isJsonPrimitive() ? Optional.of(e.getAsString()) : Optional.empty();
    }

    /** The body of a registration request. */
    static byte[] registration(DpsSettings settings) {
        JsonObject body = new JsonObject();
        body.addProperty("registrationId", settings.registrationId);
        settings.payload.ifPresent(p -> body.add("payload", p));
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }
}
