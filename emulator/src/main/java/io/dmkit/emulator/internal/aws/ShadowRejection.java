package io.dmkit.emulator.internal.aws;

import com.google.gson.JsonObject;
import java.util.Optional;

/**
 * A shadow request the service refuses, with the code and message AWS publishes on the
 * {@code …/rejected} topic (https://docs.aws.amazon.com/iot/latest/developerguide/device-shadow-error-messages.html).
 */
final class ShadowRejection extends Exception {

    private static final long serialVersionUID = 1L;

    static final String INVALID_JSON = "Invalid JSON";
    static final String MISSING_STATE = "Missing required node: state";
    static final String STATE_NOT_OBJECT = "State node must be an object";
    static final String DESIRED_NOT_OBJECT = "Desired node must be an object";
    static final String REPORTED_NOT_OBJECT = "Reported node must be an object";
    static final String INVALID_VERSION = "Invalid version";
    static final String INVALID_CLIENT_TOKEN = "Invalid clientToken";
    static final String TOO_DEEP = "JSON contains too many levels of nesting; maximum is " + ShadowLimits.MAX_DEPTH;
    static final String VERSION_CONFLICT = "Version conflict";
    static final String TOO_LARGE = "The payload exceeds the maximum size allowed";
    static final String NOT_UTF8 = "Unsupported documented encoding; supported encoding is UTF-8";
    static final String THROTTLED = "Too Many Requests";

    private final int code;
    /** Transient: Optional is not serializable, and a rejection never leaves the JVM. */
    private final transient Optional<String> clientToken;

    ShadowRejection(int code, String message, Optional<String> clientToken) {
        super(message);
        this.code = code;
        this.clientToken = clientToken;
    }

    ShadowRejection(int code, String message) {
        this(code, message, Optional.empty());
    }

    int code() {
        return code;
    }

    Optional<String> clientToken() {
        return clientToken;
    }

    /** The same rejection, echoing the request's client token (once it is known to be valid). */
    ShadowRejection withClientToken(Optional<String> token) {
        return clientToken.isPresent() || token.isEmpty() ? this : new ShadowRejection(code, getMessage(), token);
    }

    /** {@code {"code":…,"message":…,"timestamp":…,"clientToken":…}} (the SDK's {@code ErrorResponse}). */
    JsonObject payload(long timestamp) {
        JsonObject body = new JsonObject();
        body.addProperty("code", code);
        body.addProperty("message", getMessage());
        body.addProperty("timestamp", timestamp);
        clientToken.ifPresent(token -> body.addProperty("clientToken", token));
        return body;
    }
}
