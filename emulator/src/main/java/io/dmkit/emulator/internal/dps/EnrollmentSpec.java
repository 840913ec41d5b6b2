package io.dmkit.emulator.internal.dps;

/**
 * What a {@code PUT} of an enrollment or group asks for. Keys given here are used as they are (base64 of
 * at least 16 bytes); {@code null} ones are generated. Not in {@link #toString()}: the keys.
 *
 * @param deviceId the hub device id (individual enrollments; {@code null}: the registration id)
 * @param payloadJson a JSON object for {@code registrationState.payload}, or {@code null}
 */
public record EnrollmentSpec(AttestationType type, String deviceId, boolean enabled, String primaryKey,
        String secondaryKey, String payloadJson) {

    @Override
    public String toString() {
        return "EnrollmentSpec[" + type.id() + ", " + (enabled ? "enabled" : "disabled") + "]";
    }
}
