package io.dmkit.gateway;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Claims the data directory for this process. It holds secrets (session keys in the configuration
 * files and in ConfigAdmin's store, the emulator's CA key), so a new one is readable by its owner only.
 * One gateway per data directory: a second one would share the framework cache, the emulator's
 * registry and the configuration files with the first. The operating system releases the lock when
 * the process ends, however it ends.
 */
final class DataDirectory {

    static final String LOCK_FILE = "gateway.lock";

    private DataDirectory() {
    }

    /**
     * Creates the directory (owner-only) if it does not exist, and locks it for the life of the process.
     *
     * @throws IllegalStateException if another process holds it
     */
    static void claim(Path dataDir) throws IOException {
        if (!Files.isDirectory(dataDir)) {
            Files.createDirectories(dataDir);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwx------"));
            }
        }
        FileChannel channel = FileChannel.open(dataDir.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new IllegalStateException("another gateway is running with the data directory " + dataDir
                    + "; stop it, or give this one another --data");
        }
        // Deliberately never closed: the lock lives as long as the process.
    }
}
