package io.dmkit.emulator.internal.aws;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.dmkit.emulator.CommandResult;
import io.dmkit.emulator.internal.cloud.Json;
import io.dmkit.transport.aws.protocol.ExecutionStatus;
import io.dmkit.transport.aws.protocol.HttpReasonCode;
import io.dmkit.wire.json.StrictJson;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A device's response to a command execution, published to {@code …/executions/{id}/response/json}:
 * {@code {"status":…,"statusReason":{"reasonCode":…,"reasonDescription":…},"result":{…}}}, and how
 * it maps to the REST API's {@link CommandResult}.
 *
 * <p>Mapping: the status is {@code N} when the reason code is {@code HTTP_<N>} (the convention of
 * protocols.md §7.5: the SDK puts its HTTP-like return code there), otherwise SUCCEEDED 200, FAILED
 * 500, REJECTED 400, TIMED_OUT 504. The payload is the string result {@code result.response.s}, read as
 * every dialect reads a device's reply ({@link Json#replyPayload}): as JSON if it is JSON text, else as a
 * JSON string; {@code null} when there is none or it is blank.
 */
record CommandResponse(ExecutionStatus status, Optional<String> reasonCode, Optional<JsonObject> result) {

    static final int MAX_REASON_DESCRIPTION = 1024;
    private static final int MAX_BYTES = 128 * 1024;

    /** @throws CommandRejection InvalidJson for a payload that is not a JSON object, InvalidRequest for bad fields */
    static CommandResponse parse(byte[] payload) throws CommandRejection {
        JsonObject body;
        try {
            body = StrictJson.parseObject(payload, MAX_BYTES, StrictJson.MAX_DEPTH, true);
        } catch (StrictJson.Rejection e) {
            throw new CommandRejection(CommandRejection.INVALID_JSON, e.getMessage());
        }
        ExecutionStatus status = Optional.ofNullable(body.get("status")).filter(CommandResponse::isString)
                .flatMap(s -> ExecutionStatus.parse(s.getAsString()))
                .orElseThrow(() -> invalid("status must be one of SUCCEEDED, FAILED, REJECTED, TIMED_OUT, IN_PROGRESS"));
        return new CommandResponse(status, reasonCode(body.get("statusReason")), result(body.get("result")));
    }

    /** The REST API's result of a terminal response. */
    CommandResult toResult() {
        return new CommandResult(statusCode(status, reasonCode), payloadJson(result));
    }

    static int statusCode(ExecutionStatus status, Optional<String> reasonCode) {
        return reasonCode.map(HttpReasonCode::parse).filter(OptionalInt::isPresent).map(OptionalInt::getAsInt)
                .orElse(status.defaultHttpStatus());
    }

    static String payloadJson(Optional<JsonObject> result) {
        return result.map(r -> r.get("response")).filter(JsonElement::isJsonObject)
                .map(response -> response.getAsJsonObject().get("s")).filter(CommandResponse::isString)
                .map(s -> Json.replyPayload(s.getAsString())).orElse(null);
    }

    private static Optional<String> reasonCode(JsonElement statusReason) throws CommandRejection {
        if (statusReason == null) {
            return Optional.empty();
        }
        if (!statusReason.isJsonObject()) {
            throw invalid("statusReason must be an object");
        }
        JsonElement code = statusReason.getAsJsonObject().get("reasonCode");
        if (code == null || !isString(code) || !HttpReasonCode.REASON_CODE.matcher(code.getAsString()).matches()) {
            throw invalid("statusReason.reasonCode must match [A-Z0-9_-]{1,64}");
        }
        JsonElement description = statusReason.getAsJsonObject().get("reasonDescription");
        if (description != null && (!isString(description)
                || description.getAsString().length() > MAX_REASON_DESCRIPTION)) {
            throw invalid("statusReason.reasonDescription must be a string of at most " + MAX_REASON_DESCRIPTION
                    + " characters");
        }
        return Optional.of(code.getAsString());
    }

    private static Optional<JsonObject> result(JsonElement result) throws CommandRejection {
        if (result == null) {
            return Optional.empty();
        }
        if (!result.isJsonObject()) {
            throw invalid("result must be an object of named values ({\"<name>\":{\"s\"|\"b\"|\"bin\":…}})");
        }
        return Optional.of(result.getAsJsonObject());
    }

    private static boolean isString(JsonElement element) {
        return element.isJsonPrimitive() && element.getAsJsonPrimitive().isString();
    }

    private static CommandRejection invalid(String message) {
        return new CommandRejection(CommandRejection.INVALID_REQUEST, message);
    }
}
