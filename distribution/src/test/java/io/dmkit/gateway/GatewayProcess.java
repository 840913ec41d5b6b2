package io.dmkit.gateway;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code java -jar dmkit-gateway.jar} as a separate process, as a user runs it, with Gogo reading the
 * process's standard input ({@code --shell on}, kept open): the test types commands as a user would.
 * Everything the process prints is kept (to wait on) and appended to a log file (to read after a
 * failure). The process is killed when the test JVM ends, whatever happens.
 */
final class GatewayProcess implements AutoCloseable {

    private final Process process;
    private final OutputStream stdin;
    private final StringBuilder output = new StringBuilder();
    private final Thread pump;
    private final Thread killOnExit;

    private GatewayProcess(Process process, Path log) throws IOException {
        this.process = process;
        this.stdin = process.getOutputStream();
        this.killOnExit = new Thread(process::destroyForcibly, "dmkit-gateway-kill-on-exit");
        Runtime.getRuntime().addShutdownHook(killOnExit);
        PrintStream logFile = new PrintStream(Files.newOutputStream(log, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND), true, StandardCharsets.UTF_8);
        this.pump = new Thread(() -> {
            try (logFile; BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    logFile.println(line);
                    synchronized (output) {
                        output.append(line).append('\n');
                        output.notifyAll();
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "dmkit-gateway-output");
        pump.setDaemon(true);
        pump.start();
    }

    /** Starts {@code jar} with {@code args} and the environment entries given; output also goes to {@code log}. */
    static GatewayProcess start(Path jar, List<String> args, Map<String, String> environment, Path log) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no gateway at " + jar + ": build it first (mvn package -pl distribution)");
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", jar.toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        try {
            return new GatewayProcess(builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /** Everything printed so far. */
    String output() {
        synchronized (output) {
            return output.toString();
        }
    }

    /** Where the output currently ends, to look only at what comes after. */
    int mark() {
        synchronized (output) {
            return output.length();
        }
    }

    /**
     * Waits until the output after {@code from} has a match of {@code pattern}.
     *
     * @throws AssertionError with the end of the output if it does not come in time or the process ends
     */
    Matcher await(Pattern pattern, int from, Duration timeout) throws InterruptedException {
        Optional<Matcher> match = find(pattern, from, timeout);
        return match.orElseThrow(() -> new AssertionError("no '" + pattern + "' within " + timeout.toSeconds()
                + " s" + (process.isAlive() ? "" : " (the gateway exited with " + process.exitValue() + ")")
                + "; the gateway printed:\n" + tail(60)));
    }

    /** Like {@link #await} but empty instead of failing when the time is up. */
    Optional<Matcher> find(Pattern pattern, int from, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (output) {
            while (true) {
                Matcher matcher = pattern.matcher(output);
                if (matcher.find(from)) {
                    return Optional.of(matcher);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || (!process.isAlive() && !pump.isAlive())) {
                    return Optional.empty();
                }
                output.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
    }

    /** Types a line into the gateway's Gogo shell. */
    void type(String line) throws IOException {
        stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
    }

    long pid() {
        return process.pid();
    }

    /** The resident set size in MiB, where the platform tells it (Linux). */
    Optional<Long> residentMebibytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Optional.of(Long.parseLong(line.replaceAll("\\D", "")) / 1024);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or the process is gone
        }
        return Optional.empty();
    }

    /**
     * Sends SIGTERM (what service managers and {@code kill} do; Ctrl-C's SIGINT takes the same path in the
     * JVM) and waits. Through the {@link ProcessHandle}: {@link Process#destroy()} sends the same signal but
     * also closes this side of the pipes at once, and what the gateway prints while it stops would be lost.
     *
     * @return the exit status, or empty if the process still runs after {@code timeout}
     */
    Optional<Integer> terminate(Duration timeout) throws InterruptedException {
        process.toHandle().destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return Optional.empty();
        }
        pump.join(TimeUnit.SECONDS.toMillis(5)); // the last lines
        return Optional.of(process.exitValue());
    }

    /** Waits for the process to end by itself; empty if it still runs after {@code timeout}. */
    Optional<Integer> awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return Optional.empty();
        }
        pump.join(TimeUnit.SECONDS.toMillis(5)); // the last lines
        return Optional.of(process.exitValue());
    }

    /** Kills the process if it still runs. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs anyway
        }
        try {
            if (process.isAlive()) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            pump.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            stdin.close();
        } catch (IOException e) {
            // the pipe is already closed
        }
    }

    String tail(int lines) {
        String[] all = output().split("\n");
        return String.join("\n", List.of(all).subList(Math.max(0, all.length - lines), all.length));
    }
}
