package io.dmkit.emulator.internal.registry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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

    /**
     * Replaces {@code file}'s content with {@code text} atomically: a reader sees the old content or the
     * new, never a part. The new file is owner-only from its creation (a temporary file beside it, moved
     * over); missing parent directories are created.
     */
    public static void replace(Path file, String text) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.deleteIfExists(temporary);
        create(temporary);
        Files.writeString(temporary, text, StandardCharsets.UTF_8);
        try {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
