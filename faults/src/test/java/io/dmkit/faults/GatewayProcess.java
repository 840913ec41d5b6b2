package io.dmkit.faults;

import io.dmkit.testing.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@link GatewayMain} run as a child JVM with the test's class path; its standard output and error go
 * to files in the test directory. {@link #kill()} is SIGKILL ({@link Process#destroyForcibly()}), as a
 * crash or {@code kill -9} would end it.
 */
final class GatewayProcess implements AutoCloseable {

    private final Process process;
    private final Path out;

    private GatewayProcess(Process process, Path out) {
        this.process = process;
        this.out = out;
    }

    /** Starts a run named {@code run}: sends {@code count} messages into a queue of {@code capacity}. */
    static GatewayProcess start(Path dir, String run, Path data, int port, String deviceId, int count, int capacity) {
        try {
            Files.createDirectories(dir);
            Path out = dir.resolve(run + ".out");
            Path err = dir.resolve(run + ".log");
            List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), GatewayMain.class.getName(),
                    data.toString(), Integer.toString(port), deviceId, Integer.toString(count),
                    Integer.toString(capacity));
            Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            return new GatewayProcess(p, out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + GatewayMain.class.getName(), e);
        }
    }

    /** Waits until the program printed a line starting with {@code prefix}; fails early if it exits. */
    void awaitLine(String prefix, Duration timeout) {
        Await.until("a line starting with '" + prefix + "' from the gateway process", timeout, () -> {
            if (output().lines().anyMatch(l -> l.startsWith(prefix))) {
                return true;
            }
            if (!process.isAlive()) {
                throw new AssertionError("the gateway process exited with " + process.exitValue() + "; it printed:\n"
                        + output());
            }
            return false;
        });
    }

    /** SIGKILL; returns the exit status (137 = 128 + 9). */
    int kill() throws InterruptedException {
        process.destroyForcibly();
        return process.waitFor();
    }

    /** Asks the program to close dmkit and exit; returns its exit status. */
    int stop(Duration timeout) throws IOException, InterruptedException {
        process.getOutputStream().write("stop\n".getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().flush();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the gateway process did not stop within " + timeout);
        }
        return process.exitValue();
    }

    String output() {
        try {
            return Files.readString(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                process.destroyForcibly().waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
