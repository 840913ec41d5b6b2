package io.dmkit.emulator.internal.fleet;

import com.google.gson.JsonObject;

/**
 * A {@code /rejected} answer of the fleet provisioning MQTT API: {@code {"statusCode","errorCode",
 * "errorMessage"}}, the shape of the SDK's {@code iotidentity.model.ErrorResponse}. The codes are AWS's
 * where a public source shows them (docs/emulator.md, "AWS fleet provisioning", lists each with its
 * source); the messages are the emulator's own and never quote a token or a key.
 */
public record FleetRejection(int statusCode, String errorCode, String errorMessage) {

    /** The payload was not a JSON object, or a member had the wrong type. */
    static FleetRejection invalidPayload(String message) {
        return new FleetRejection(400, "InvalidPayload", message);
    }

    /** The CSR was missing, not PEM PKCS#10, signed wrongly, or of a key AWS does not sign. */
    static FleetRejection invalidCsr(String message) {
        return new FleetRejection(400, "InvalidCSR", message);
    }

    /** The ownership token was missing, unknown, expired or used already. */
    static FleetRejection invalidToken(String message) {
        return new FleetRejection(400, "InvalidCertificateOwnershipToken", message);
    }

    /** A template parameter was missing or its value unusable. */
    static FleetRejection invalidParameters(String message) {
        return new FleetRejection(400, "InvalidParameters", message);
    }

    /** No template of that name. */
    static FleetRejection templateNotFound(String template) {
        return new FleetRejection(404, "ResourceNotFound", "The provisioning template " + template + " does not exist.");
    }

    /** The template's pre-provisioning hook refused (in the emulator: {@code allowProvisioning: false}). */
    static FleetRejection accessDenied(String message) {
        return new FleetRejection(403, "AccessDenied", message);
    }

    /** The thing could not be created (its name is taken by a device of another dialect). */
    static FleetRejection registrationFailed(String message) {
        return new FleetRejection(400, "ResourceRegistrationFailure", message);
    }

    JsonObject toJson() {
        JsonObject json = new JsonObject();
        json.addProperty("statusCode", statusCode);
        json.addProperty("errorCode", errorCode);
        json.addProperty("errorMessage", errorMessage);
        return json;
    }

    /** {@code 400 InvalidParameters: …}: the one-line form the registrations list shows. */
    String summary() {
        return statusCode + " " + errorCode + ": " + errorMessage;
    }
}
