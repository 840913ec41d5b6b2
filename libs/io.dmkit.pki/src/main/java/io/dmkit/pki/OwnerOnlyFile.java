package io.dmkit.pki;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes a private key's PEM file readable by its owner only (where the file system has POSIX
 * permissions). The file is created with those permissions rather than narrowed afterwards, so the key
 * is never readable by others, not even for a moment.
 */
final class OwnerOnlyFile {

    private OwnerOnlyFile() {
    }

    static void write(Path file, String pem) {
        try {
            Files.deleteIfExists(file);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(file);
            }
            Files.writeString(file, pem, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the key file " + file, e);
        }
    }
}
