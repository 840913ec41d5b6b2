package io.dmkit.emulator.internal.dps;

import com.google.gson.JsonObject;
import java.time.Instant;
import java.util.UUID;

/**
 * An error as DPS answers it on {@code $dps/registrations/res/{status}/?$rid=…}: the status in the
 * topic, and {@code {"errorCode","trackingId","message","timestampUtc"}} in the body (the shape of real
 * answers, e.g. {@code {"errorCode":401002,…,"message":"Unauthorized",…}}). The message is DPS's terse
 * one; why the emulator said it goes to its log, not to the device.
 */
record DpsError(int status, int errorCode, String message) {

    static final DpsError BAD_REQUEST = new DpsError(400, 400004, "The body of the request is not valid.");
    static final DpsError UNAUTHORIZED = new DpsError(401, 401002, "Unauthorized");
    static final DpsError ENROLLMENT_NOT_FOUND = new DpsError(404, 404201, "Enrollment not found.");
    static final DpsError OPERATION_NOT_FOUND = new DpsError(404, 404203, "Operation not found.");
    static final DpsError THROTTLED = new DpsError(429, 429001, "Operations are being throttled.");

    String body(Instant now) {
        JsonObject body = new JsonObject();
        body.addProperty("errorCode", errorCode);
        body.addProperty("trackingId", UUID.randomUUID().toString());
        body.addProperty("message", message);
        body.addProperty("timestampUtc", now.toString());
        return body.toString();
    }
}
