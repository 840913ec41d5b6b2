package io.dmkit.emulator.internal.fleet;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

/**
 * A provisioning claim: a certificate the emulator's CA issued that devices share to reach fleet
 * provisioning and nothing else. The private key stays in its owner-only file.
 *
 * @param certificateId SHA-256 of the certificate's DER, lower-case hex (AWS's certificate ids are too)
 */
public record Claim(String certificateId, String name, Path certificateFile, Path privateKeyFile, Instant created) {

    public Claim {
        Objects.requireNonNull(certificateId, "certificateId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(certificateFile, "certificateFile");
        Objects.requireNonNull(privateKeyFile, "privateKeyFile");
        Objects.requireNonNull(created, "created");
    }
}
