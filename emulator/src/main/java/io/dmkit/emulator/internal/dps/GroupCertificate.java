package io.dmkit.emulator.internal.dps;

import java.nio.file.Path;

/**
 * A device certificate issued by an X.509 group's signing CA: CN = the registration id, its key, and
 * the chain (the certificate, then the group's CA) a device presents in the TLS handshake.
 */
public record GroupCertificate(String groupId, String registrationId, Path certificateFile, Path privateKeyFile,
        Path chainFile) {
}
