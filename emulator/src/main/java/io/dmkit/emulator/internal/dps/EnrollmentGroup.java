package io.dmkit.emulator.internal.dps;

import java.nio.file.Path;
import java.util.Objects;

/**
 * An enrollment group: any registration id whose device proves membership, with a key derived from
 * the group's ({@link io.dmkit.transport.azure.protocol.SasToken#derivedKey}) or a certificate signed by the group's signing CA. The device id
 * on assignment is the registration id. Keys are secrets: {@link #toString()} leaves them out.
 *
 * @param caCertificateFile the group's signing CA (an intermediate of the emulator's CA), X.509 only
 * @param payloadJson a JSON object returned to every device of the group, or {@code null}
 */
public record EnrollmentGroup(String groupId, boolean enabled, AttestationType type, String primaryKey,
        String secondaryKey, Path caCertificateFile, Path caKeyFile, String payloadJson) {

    public EnrollmentGroup {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(type, "type");
    }

    @Override
    public String toString() {
        return "EnrollmentGroup[" + groupId + ", " + type.id() + (enabled ? "" : ", disabled") + "]";
    }
}
