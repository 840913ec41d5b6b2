package io.dmkit.emulator;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A device in the emulator's registry and the credentials it connects with. The key is a secret:
 * {@link #toString()} leaves it out.
 *
 * @param id the device id (Azure), thing name (AWS) or ThingsPro device id
 * @param key the symmetric key (SAS, base64) or password (PASSWORD); {@code null} otherwise
 * @param certificateFile the device's certificate (X509), issued by the emulator's CA
 * @param privateKeyFile the device's private key (X509, PKCS#8 PEM)
 * @param thumbprint SHA-256 of the certificate's DER, lower-case hex (X509)
 */
public record Device(String id, Dialect dialect, AuthKind auth, String key, Path certificateFile,
        Path privateKeyFile, String thumbprint) {

    public Device {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(dialect, "dialect");
        Objects.requireNonNull(auth, "auth");
    }

    public Optional<String> keyValue() {
        return Optional.ofNullable(key);
    }

    @Override
    public String toString() {
        return "Device[" + id + ", " + dialect.id() + ", " + auth.id() + (thumbprint == null ? "" : ", " + thumbprint)
                + "]";
    }
}
