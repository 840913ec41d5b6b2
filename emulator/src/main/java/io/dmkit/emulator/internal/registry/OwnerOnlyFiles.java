package io.dmkit.emulator.internal.registry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Creates files that hold secrets readable by their owner only, where the file system has POSIX permissions. */
public final class OwnerOnlyFiles {

    private OwnerOnlyFiles() {
    }

    public static Path create(Path file) throws IOException {
        try {
            return Files.createFile(file,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            return Files.createFile(file);
        }
    }
}
