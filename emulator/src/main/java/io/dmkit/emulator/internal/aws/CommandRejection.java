package io.dmkit.emulator.internal.aws;

import com.google.gson.JsonObject;

/**
 * A device's command response the service refuses, published on {@code …/response/rejected/json} as
 * the SDK's {@code V2ErrorResponse}: {@code {"error":…,"errorMessage":…,"executionId":…}}.
 */
final class CommandRejection extends Exception {

    private static final long serialVersionUID = 1L;

    /** The error codes of {@code RejectedErrorCode} in aws-iot-device-sdk-java-v2 that the emulator uses. */
    static final String INVALID_JSON = "InvalidJson";
    static final String INVALID_REQUEST = "InvalidRequest";
    static final String RESOURCE_NOT_FOUND = "ResourceNotFound";
    static final String TERMINAL_STATE_REACHED = "TerminalStateReached";

    private final String error;

    CommandRejection(String error, String message) {
        super(message);
        this.error = error;
    }

    String error() {
        return error;
    }

    JsonObject payload(String executionId) {
        JsonObject body = new JsonObject();
        body.addProperty("error", error);
        body.addProperty("errorMessage", getMessage());
        body.addProperty("executionId", executionId);
        return body;
    }
}
