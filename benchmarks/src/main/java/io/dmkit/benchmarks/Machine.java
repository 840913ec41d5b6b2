package io.dmkit.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** What the figures were measured on, for the report: CPU, cores, memory, Java, OS. */
record Machine(String cpu, int cores, String memory, String javaVersion, String os) {

    static Machine current() {
        return new Machine(cpuModel(), Runtime.getRuntime().availableProcessors(), memTotal(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " (" + osRelease() + ")");
    }

    /** The 1, 5 and 15 minute load averages now: how busy the machine was around the run. */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + ", " + fields[1] + ", " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String cpuModel() {
        return procField(Path.of("/proc/cpuinfo"), "model name").orElse(System.getProperty("os.arch"));
    }

    private static String memTotal() {
        return procField(Path.of("/proc/meminfo"), "MemTotal")
                .map(v -> String.format("%.1f GiB", Long.parseLong(v.replaceAll("\\D", "")) / 1024.0 / 1024.0))
                .orElse("unknown");
    }

    private static String osRelease() {
        return procField(Path.of("/etc/os-release"), "PRETTY_NAME").map(v -> v.replace("\"", "")).orElse("unknown");
    }

    /** The value of the first {@code name: value} or {@code name=value} line of a file. */
    private static Optional<String> procField(Path file, String name) {
        try {
            List<String> lines = Files.readAllLines(file);
            for (String line : lines) {
                if (line.startsWith(name)) {
                    int sep = line.indexOf(':') >= 0 ? line.indexOf(':') : line.indexOf('=');
                    if (sep > 0) {
                        return Optional.of(line.substring(sep + 1).trim());
                    }
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return Optional.empty();
    }
}
