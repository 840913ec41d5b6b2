package io.dmkit.emulator.internal.dps;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The enrollment a device proved it belongs to, and what it becomes in the hub: the device id, and the
 * key (symmetric key: the individual key the token was signed with, or the derived group key) or the
 * certificate (X.509: its thumbprint, and its files when the emulator issued it). Not in {@link #toString()}: the key.
 *
 * @param enrollment {@code individual} or {@code group:<id>}
 */
record Attested(String registrationId, String enrollment, boolean enabled, String deviceId, String payloadJson,
        AttestationType type, String deviceKey, String thumbprint, Path certificateFile, Path privateKeyFile)
        implements Verdict {

    Attested {
        Objects.requireNonNull(registrationId, "registrationId");
        Objects.requireNonNull(enrollment, "enrollment");
        Objects.requireNonNull(deviceId, "deviceId");
    }

    @Override
    public String toString() {
        return "Attested[" + registrationId + " by " + enrollment + " -> " + deviceId + ", " + type.id()
                + (enabled ? "" : ", disabled") + "]";
    }
}
