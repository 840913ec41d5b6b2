package io.dmkit.emulator.internal.dps;

import java.nio.file.Path;
import java.util.Objects;

/**
 * An individual enrollment: one registration id, its attestation and where it lands in the hub. Keys
 * are secrets: {@link #toString()} leaves them out.
 *
 * @param deviceId the hub device id on assignment
 * @param primaryKey base64 (symmetric key attestation)
 * @param certificateFile the enrollment's certificate, issued by the emulator's CA (X.509)
 * @param thumbprint SHA-256 of that certificate (X.509)
 * @param payloadJson a JSON object returned to the device in {@code registrationState.payload}, or {@code null}
 */
public record Enrollment(String registrationId, String deviceId, boolean enabled, AttestationType type,
        String primaryKey, String secondaryKey, Path certificateFile, Path privateKeyFile, String thumbprint,
        String payloadJson) {

    public Enrollment {
        Objects.requireNonNull(registrationId, "registrationId");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(type, "type");
    }

    @Override
    public String toString() {
        return "Enrollment[" + registrationId + " -> " + deviceId + ", " + type.id() + (enabled ? "" : ", disabled")
                + "]";
    }
}
