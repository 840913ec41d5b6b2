package io.dmkit.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds the mosquitto executable: system property {@code dmkit.mosquitto}, else {@code mosquitto} on PATH. */
final class MosquittoBinary {

    static final String PROPERTY = "dmkit.mosquitto";
    static final String DEFAULT = "/usr/sbin/mosquitto";

    private MosquittoBinary() {
    }

    static Path locate() {
        return locate(System.getProperty(PROPERTY, DEFAULT), System.getenv("PATH"));
    }

    static Path locate(String configured, String searchPath) {
        Path path = Path.of(configured);
        if (Files.isRegularFile(path) && Files.isExecutable(path)) {
            return path;
        }
        return onPath(searchPath).orElseThrow(() -> new IllegalStateException("Mosquitto broker not found: " + configured
                + " (system property " + PROPERTY + ") is not an executable file and there is no 'mosquitto'"
                + " on PATH. Run scripts/setup-test-env.sh, which installs the Debian mosquitto package,"
                + " or set -D" + PROPERTY + "=/path/to/mosquitto."));
    }

    private static Optional<Path> onPath(String path) {
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, "mosquitto");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
