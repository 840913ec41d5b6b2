package io.dmkit.testing;

import io.dmkit.pki.LocalPki;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A real Eclipse Mosquitto broker for one test, listening on free 127.0.0.1 ports. The object owns
 * the process: {@link #close()} stops it, and a JVM shutdown hook kills it if a test forgets to.
 *
 * <pre>{@code
 * try (Mosquitto broker = Mosquitto.builder(tempDir).plainListener().tlsListener(pki).start()) {
 *     client.connect(broker.tlsUri());
 * }
 * }</pre>
 *
 * <p>The binary is the system property {@code dmkit.mosquitto} (default {@code /usr/sbin/mosquitto}),
 * else {@code mosquitto} on PATH. The configuration, password/PSK/ACL files, the broker's log and
 * its standard output ({@code mosquitto.out}) are written to the work directory.
 */
public final class Mosquitto implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final int LOG_TAIL_LINES = 30;
    private static final Pattern RUNNING = Pattern.compile("mosquitto version \\S+ running");

    private final Path binary;
    private final Path config;
    private final Path log;
    private final Path output;
    private final Map<String, Integer> ports;
    private final Thread killOnExit;
    /** Volatile for the shutdown hook, which must not wait for this object's lock. */
    private volatile Process process;
    private boolean closed;

    private Mosquitto(Path binary, Path config, Path log, Path output, Map<String, Integer> ports) {
        this.binary = binary;
        this.config = config;
        this.log = log;
        this.output = output;
        this.ports = ports;
        this.killOnExit = new Thread(this::killForExit, "mosquitto-kill-on-exit");
    }

    /** A builder whose files go into {@code workDir} (created if missing). */
    public static Builder builder(Path workDir) {
        return new Builder(workDir);
    }

    /** Configures the listeners; {@link #start()} writes the files and starts the broker. */
    public static final class Builder {
        private final Path workDir;
        private boolean plain;
        private LocalPki tlsPki;
        private LocalPki mutualTlsPki;
        private Map<String, String> psks;
        private Map<String, String> passwords;
        private String acl;

        private Builder(Path workDir) {
            this.workDir = Objects.requireNonNull(workDir, "workDir");
        }

        /** A plain TCP listener: anonymous, or user/password if {@link #passwords(Map)} is given. */
        public Builder plainListener() {
            plain = true;
            return this;
        }

        /** A TLS listener with the server certificate of {@code pki}; clients need no certificate. */
        public Builder tlsListener(LocalPki pki) {
            tlsPki = Objects.requireNonNull(pki, "pki");
            return this;
        }

        /** A TLS listener that requires a client certificate signed by {@code pki}'s CA; its CN is the user name. */
        public Builder mutualTlsListener(LocalPki pki) {
            mutualTlsPki = Objects.requireNonNull(pki, "pki");
            return this;
        }

        /** A TLS-PSK listener (TLS 1.2 PSK suites) knowing these identities; the identity is the user name. */
        public Builder pskListener(Map<String, String> identityToHexKey) {
            psks = new LinkedHashMap<>(Objects.requireNonNull(identityToHexKey, "identityToHexKey"));
            return this;
        }

        /** Users for the plain and TLS listeners, which then refuse anonymous clients. */
        public Builder passwords(Map<String, String> userToPassword) {
            passwords = new LinkedHashMap<>(Objects.requireNonNull(userToPassword, "userToPassword"));
            return this;
        }

        /** An {@code acl_file} (mosquitto's syntax) applied to every listener. */
        public Builder acl(String aclFileContent) {
            acl = Objects.requireNonNull(aclFileContent, "aclFileContent");
            return this;
        }

        /**
         * Writes the configuration and starts the broker; returns once every listener accepts TCP.
         *
         * @throws IllegalStateException if mosquitto is missing, exits, or does not accept
         *         connections within 10 s; the message holds the tail of its log
         */
        public Mosquitto start() {
            if (!plain && tlsPki == null && mutualTlsPki == null && psks == null) {
                throw new IllegalStateException("no listener configured: call plainListener(), tlsListener(pki),"
                        + " mutualTlsListener(pki) or pskListener(keys) before start()");
            }
            Path binary = MosquittoBinary.locate();
            try {
                Files.createDirectories(workDir);
                Path log = workDir.resolve("mosquitto.log");
                Path passwordFile = passwords == null ? null
                        : AuthFiles.writePasswords(workDir.resolve("passwords"), passwords);
                Path aclFile = acl == null ? null
                        : Files.writeString(workDir.resolve("acl"), acl, StandardCharsets.UTF_8);

                MosquittoConfig conf = new MosquittoConfig(log, "root".equals(System.getProperty("user.name")));
                Map<String, Integer> ports = new LinkedHashMap<>();
                if (plain) {
                    conf.plainListener(port(ports, "plain"), passwordFile, aclFile);
                }
                if (tlsPki != null) {
                    conf.tlsListener(port(ports, "tls"), tlsPki, passwordFile, aclFile);
                }
                if (mutualTlsPki != null) {
                    conf.mutualTlsListener(port(ports, "mutualTls"), mutualTlsPki, aclFile);
                }
                if (psks != null) {
                    conf.pskListener(port(ports, "psk"), AuthFiles.writePsks(workDir.resolve("psk"), psks), aclFile);
                }
                Path config = Files.writeString(workDir.resolve("mosquitto.conf"), conf.render(),
                        StandardCharsets.UTF_8);
                Mosquitto broker = new Mosquitto(binary, config, log, workDir.resolve("mosquitto.out"), ports);
                try {
                    broker.launch();
                } catch (RuntimeException e) {
                    broker.close();
                    throw e;
                }
                return broker;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the mosquitto configuration in " + workDir, e);
            }
        }

        private static int port(Map<String, Integer> ports, String listener) {
            int port;
            do {
                port = LoopbackPorts.free();
            } while (ports.containsValue(port));
            ports.put(listener, port);
            return port;
        }
    }

    public int plainPort() {
        return port("plain", "plainListener()");
    }

    public int tlsPort() {
        return port("tls", "tlsListener(pki)");
    }

    public int mutualTlsPort() {
        return port("mutualTls", "mutualTlsListener(pki)");
    }

    public int pskPort() {
        return port("psk", "pskListener(keys)");
    }

    public String plainUri() {
        return "tcp://127.0.0.1:" + plainPort();
    }

    public String tlsUri() {
        return "ssl://127.0.0.1:" + tlsPort();
    }

    public String mutualTlsUri() {
        return "ssl://127.0.0.1:" + mutualTlsPort();
    }

    /** {@code tcp://}: Paho reaches a PSK listener through a custom (non-SSL) socket factory. */
    public String pskUri() {
        return "tcp://127.0.0.1:" + pskPort();
    }

    /** The broker's log file ({@code log_type all}): connections, subscriptions, TLS errors. */
    public Path log() {
        return log;
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Stops the broker with SIGTERM and waits for it to exit (SIGKILL if it takes over 10 s). */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!waitFor(process, STOP_TIMEOUT)) {
            process.destroyForcibly();
            waitFor(process, STOP_TIMEOUT);
        }
    }

    /** Kills the broker with SIGKILL, as a crash would, and waits for it to be gone. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        waitFor(process, STOP_TIMEOUT);
    }

    /**
     * Starts the broker again with the same configuration on the same ports (stopping it first if it
     * runs); returns once every listener accepts TCP again.
     */
    public synchronized void restart() {
        if (closed) {
            throw new IllegalStateException("this Mosquitto is closed");
        }
        stop();
        launch();
    }

    /** Stops the broker if it runs. Calling it again does nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook runs anyway and finds nothing to kill
        }
    }

    @Override
    public synchronized String toString() {
        return "Mosquitto" + ports + (isRunning() ? " running" : " stopped") + ", log " + log;
    }

    private int port(String listener, String builderMethod) {
        Integer port = ports.get(listener);
        if (port == null) {
            throw new IllegalStateException("this broker has no " + listener + " listener; configure it with Builder."
                    + builderMethod);
        }
        return port;
    }

    /**
     * Starts the process and waits until it runs and every port accepts TCP. A port can still be
     * held for a moment after a kill, by the old socket or by whoever grabbed it (mosquitto sets
     * SO_REUSEADDR, so TIME_WAIT alone is not a problem); if the broker exits with "Address already
     * in use" it is started again until the 10 s deadline.
     */
    private void launch() {
        if (process == null) {
            Runtime.getRuntime().addShutdownHook(killOnExit);
        }
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            long logOffset = size(log);
            long outputOffset = size(output);
            try {
                process = new ProcessBuilder(binary.toString(), "-c", config.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()))
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start " + binary, e);
            }
            if (awaitReady(deadline, logOffset)) {
                return;
            }
            boolean exited = !process.isAlive();
            kill();
            String startLog = read(log, logOffset) + read(output, outputOffset);
            if (exited && startLog.contains("Address already in use") && System.nanoTime() - deadline < 0) {
                pause(Duration.ofMillis(100));
                continue;
            }
            throw new IllegalStateException("mosquitto " + (exited
                    ? "exited with status " + process.exitValue()
                    : "did not accept connections on " + ports + " within " + START_TIMEOUT.toSeconds() + " s")
                    + "; config " + config + "; last lines of its log and output:\n" + tail(startLog));
        }
    }

    /**
     * True once mosquitto has logged that it runs (it does so only after binding every listener)
     * and every port accepts TCP; false if the process exits or the deadline passes first. The log
     * line matters: a port that accepts TCP could still belong to someone else.
     */
    private boolean awaitReady(long deadline, long logOffset) {
        List<Integer> pending = new ArrayList<>(ports.values());
        while (process.isAlive() && System.nanoTime() - deadline < 0) {
            if (RUNNING.matcher(read(log, logOffset)).find()) {
                pending.removeIf(LoopbackPorts::accepts);
                if (pending.isEmpty()) {
                    return process.isAlive();
                }
            }
            pause(Duration.ofMillis(20));
        }
        return false;
    }

    private void killForExit() {
        Process p = process;
        if (p != null) {
            p.destroyForcibly();
        }
    }

    private static boolean waitFor(Process p, Duration timeout) {
        try {
            return p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            return false;
        }
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting mosquitto", e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private static String read(Path file, long offset) {
        try {
            if (!Files.exists(file)) {
                return "";
            }
            byte[] all = Files.readAllBytes(file);
            int from = (int) Math.min(offset, all.length);
            return new String(all, from, all.length - from, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")\n";
        }
    }

    private static String tail(String text) {
        String[] lines = text.split("\n");
        int from = Math.max(0, lines.length - LOG_TAIL_LINES);
        return String.join("\n", java.util.Arrays.asList(lines).subList(from, lines.length));
    }
}
