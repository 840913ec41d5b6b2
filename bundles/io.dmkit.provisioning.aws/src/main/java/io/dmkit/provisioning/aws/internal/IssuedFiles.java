package io.dmkit.provisioning.aws.internal;

import io.dmkit.wire.files.OwnerOnlyFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The thing's certificate and private key as PEM files in the session's provisioning directory, both
 * owner-only, under the names AWS IoT's console gives them. The core keeps the directory with the
 * identity and empties it when it forgets the identity; a new identity replaces both files whole.
 */
final class IssuedFiles {

    static final String CERTIFICATE = "certificate.pem.crt";
    static final String PRIVATE_KEY = "private.pem.key";

    private final Path directory;

    IssuedFiles(Path directory) {
        this.directory = directory;
    }

    /** Where the files were written. */
    record Written(Path certificate, Path privateKey) {
    }

    /**
     * Writes the key first: a certificate file without its key is never left behind by a crash between the two.
     *
     * @throws IOException if either cannot be written
     */
    Written write(String certificatePem, String privateKeyPem) throws IOException {
        Path dir = OwnerOnlyFiles.directory(directory);
        Path key = dir.resolve(PRIVATE_KEY).toAbsolutePath();
        Path certificate = dir.resolve(CERTIFICATE).toAbsolutePath();
        OwnerOnlyFiles.write(key, privateKeyPem.getBytes(StandardCharsets.US_ASCII));
        OwnerOnlyFiles.write(certificate, certificatePem.getBytes(StandardCharsets.US_ASCII));
        return new Written(certificate, key);
    }

    @Override
    public String toString() {
        return directory.toString();
    }
}
