package io.dmkit.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code java -jar dmkit-gateway.jar} as a separate process with its Gogo shell on standard input (as
 * distribution's GatewayJarIT runs it): the suite types {@code dm:sessions} and reads the answer. Killed
 * on close and when this JVM ends.
 */
final class GatewayProcess implements AutoCloseable {

    private final Process process;
    private final OutputStream stdin;
    private final StringBuilder output = new StringBuilder();
    private final Thread pump;
    private final Thread killOnExit;

    private GatewayProcess(Process process) {
        this.process = process;
        this.stdin = process.getOutputStream();
        this.killOnExit = new Thread(process::destroyForcibly, "bench-gateway-kill-on-exit");
        Runtime.getRuntime().addShutdownHook(killOnExit);
        this.pump = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    synchronized (output) {
                        output.append(line).append('\n');
                        output.notifyAll();
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "bench-gateway-output");
        pump.setDaemon(true);
        pump.start();
    }

    static GatewayProcess start(Path jar, List<String> args, Map<String, String> environment) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no gateway at " + jar + ": build it first (scripts/bench.sh does)");
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", jar.toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        return new GatewayProcess(builder.start());
    }

    int mark() {
        synchronized (output) {
            return output.length();
        }
    }

    /** Whether the output after {@code from} matches {@code pattern} within {@code millis}. */
    boolean find(Pattern pattern, int from, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        synchronized (output) {
            while (true) {
                if (pattern.matcher(output).find(from)) {
                    return true;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || !process.isAlive()) {
                    return false;
                }
                output.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
    }

    /** Group {@code group} of the first match of {@code pattern} in the output so far. */
    Optional<String> group(Pattern pattern, int group) {
        synchronized (output) {
            Matcher m = pattern.matcher(output);
            return m.find() ? Optional.of(m.group(group)) : Optional.empty();
        }
    }

    void type(String line) throws IOException {
        stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /**
     * A number from {@code /proc/<pid>/status} where Linux tells it: {@code VmRSS} and {@code VmHWM} in
     * KiB, {@code Threads}.
     */
    OptionalLong procStatus(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
                if (line.startsWith(field + ":")) {
                    return OptionalLong.of(Long.parseLong(line.replaceAll("\\D", "")));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or the process is gone
        }
        return OptionalLong.empty();
    }

    String tail(int lines) {
        String[] all;
        synchronized (output) {
            all = output.toString().split("\n");
        }
        return String.join("\n", List.of(all).subList(Math.max(0, all.length - lines), all.length));
    }

    @Override
    public void close() throws InterruptedException {
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs anyway
        }
        process.toHandle().destroy(); // SIGTERM: the gateway disconnects its session cleanly
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        pump.join(TimeUnit.SECONDS.toMillis(5));
        try {
            stdin.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
