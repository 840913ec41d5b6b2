package io.dmkit.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The dmkit emulator ({@code emulator/target/dmkit-emulator.jar}) run as a separate process, with
 * every port picked free and its state in a directory of the test. Separate, because the emulator's
 * broker (HiveMQ and its thirty libraries) has no place inside the OSGi framework under test: the
 * gateway there reaches it over real sockets, and the test drives it over its REST API
 * ({@link #client()}). Its output goes to {@code emulator.log} in the state directory.
 */
public final class EmulatorProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern NUMBER = Pattern.compile("\"(\\w+)\":(\\d+)");
    private static final Pattern TEXT = Pattern.compile("\"(\\w+)\":\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final Process process;
    private final Path stateDir;
    private final String endpointsJson;
    /** Kills the emulator if the test JVM ends without closing it (a crashed or interrupted run). */
    private final Thread killOnExit;

    private EmulatorProcess(Process process, Path stateDir, String endpointsJson) {
        this.process = process;
        this.stateDir = stateDir;
        this.endpointsJson = endpointsJson;
        this.killOnExit = new Thread(process::destroyForcibly, "dmkit-emulator-kill-on-exit");
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /**
     * Starts {@code jar} with {@code stateDir} and waits (up to a minute) until it listens.
     *
     * @throws IllegalStateException with the end of its log if it exits or does not come up in time
     */
    public static EmulatorProcess start(Path jar, Path stateDir) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no emulator at " + jar + ": build it first (mvn install -pl emulator -am)");
        }
        try {
            Files.createDirectories(stateDir);
            Path endpoints = stateDir.resolve("endpoints.json");
            Files.deleteIfExists(endpoints);
            Path log = stateDir.resolve("emulator.log");
            List<String> command = new ArrayList<>(List.of(javaBinary(), "-jar", jar.toString(),
                    "--state-dir", stateDir.toString(), "--mqtt-port", "0", "--mqtt-tls-port", "0", "--wss-port", "0",
                    "--http-port", "0"));
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            try {
                // the emulator writes the file once it listens; an exit ends the wait early
                Await.until("the emulator listening", START_TIMEOUT, () -> Files.exists(endpoints) || !process.isAlive());
            } catch (AssertionError timedOut) {
                // reported below with the log
            }
            if (!Files.exists(endpoints)) {
                process.destroyForcibly();
                throw new IllegalStateException("the emulator did not start ("
                        + (process.isAlive() ? "no answer in " + START_TIMEOUT.toSeconds() + " s"
                                : "exit code " + process.waitFor())
                        + "); its log ends with:\n" + tail(log));
            }
            return new EmulatorProcess(process, stateDir, Files.readString(endpoints, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the emulator", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the emulator", e);
        }
    }

    public int httpPort() {
        return number("httpPort");
    }

    public int mqttPort() {
        return number("mqttPort");
    }

    public int mqttTlsPort() {
        return number("mqttTlsPort");
    }

    public int webSocketTlsPort() {
        return number("webSocketTlsPort");
    }

    /** The CA certificate (PEM file) the emulator's server certificate and device certificates chain to. */
    public Path caCertificate() {
        return Path.of(text("caCertificate"));
    }

    public Path stateDir() {
        return stateDir;
    }

    /** A client of the emulator's REST API. */
    public EmulatorClient client() {
        return new EmulatorClient(httpPort());
    }

    /** Stops the emulator (SIGTERM, then kill after 10 s) and waits for it to exit. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook runs anyway
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private int number(String name) {
        Matcher matcher = NUMBER.matcher(endpointsJson);
        while (matcher.find()) {
            if (matcher.group(1).equals(name)) {
                return Integer.parseInt(matcher.group(2));
            }
        }
        throw new IllegalStateException("endpoints.json has no " + name + ": " + endpointsJson);
    }

    private String text(String name) {
        Matcher matcher = TEXT.matcher(endpointsJson);
        while (matcher.find()) {
            if (matcher.group(1).equals(name)) {
                return matcher.group(2).replace("\\\\", "\\").replace("\\\"", "\"");
            }
        }
        throw new IllegalStateException("endpoints.json has no " + name + ": " + endpointsJson);
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String tail(Path log) throws IOException {
        if (!Files.exists(log)) {
            return "(no log)";
        }
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    @Override
    public String toString() {
        return "EmulatorProcess[" + stateDir + ", " + endpointsJson + "]";
    }
}
