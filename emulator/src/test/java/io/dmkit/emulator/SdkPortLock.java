package io.dmkit.emulator;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Microsoft's device SDKs connect to port 8883 only, so the tests that run them put the emulator there;
 * surefire runs two test JVMs at once, so the test classes that run them hold this lock (a file lock, seen by
 * every JVM on the machine) while their emulator listens on 8883. {@link #acquire()} waits for it.
 */
final class SdkPortLock implements AutoCloseable {

    private static final Path FILE = Path.of(System.getProperty("java.io.tmpdir"), "dmkit-emulator-8883.lock");

    private final FileChannel channel;
    private final FileLock lock;

    private SdkPortLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Blocks until no other test JVM holds the port. */
    static SdkPortLock acquire() throws IOException {
        FileChannel channel = FileChannel.open(FILE, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            return new SdkPortLock(channel, channel.lock());
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
