package io.dmkit.emulator.internal.dps;

import io.dmkit.transport.azure.protocol.SasToken;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Optional;

/**
 * What a device presented when it connected to DPS: a SAS token in the password (or why the password
 * is not one), and the client certificate of the TLS handshake. DPS checks them when the device
 * registers, not at CONNECT. {@link #toString()} shows no secret.
 */
record DpsCredentials(Optional<SasToken> token, Optional<String> tokenProblem, Optional<X509Certificate> certificate) {

    static DpsCredentials of(Optional<byte[]> password, Optional<X509Certificate> certificate) {
        if (password.isEmpty() || password.get().length == 0) {
            return new DpsCredentials(Optional.empty(), Optional.empty(), certificate);
        }
        try {
            return new DpsCredentials(Optional.of(SasToken.parse(new String(password.get(), StandardCharsets.UTF_8))),
                    Optional.empty(), certificate);
        } catch (IllegalArgumentException e) {
            return new DpsCredentials(Optional.empty(), Optional.of(e.getMessage()), certificate);
        }
    }

    boolean hasPassword() {
        return token.isPresent() || tokenProblem.isPresent();
    }

    @Override
    public String toString() {
        return "DpsCredentials[" + (hasPassword() ? "SAS token" : "no password") + ", "
                + certificate.map(c -> c.getSubjectX500Principal().getName()).orElse("no certificate") + "]";
    }
}
