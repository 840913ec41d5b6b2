package io.dmkit.faults;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The figures of one fault test, printed on one line that starts with {@code [fault]}, so that a
 * build log shows what each test measured:
 * {@code [fault] broker kill -9 mid-burst: sent=10000 received=10012 unique=10000 duplicates=12 ...}.
 */
final class Figures {

    private final String test;
    private final Map<String, String> values = new LinkedHashMap<>();
    private final long startNanos = System.nanoTime();

    private Figures(String test) {
        this.test = test;
    }

    /** Starts the clock for {@code elapsed}. */
    static Figures of(String test) {
        return new Figures(test);
    }

    Figures add(String name, Object value) {
        values.put(name, String.valueOf(value));
        return this;
    }

    /** A duration in seconds with one decimal. */
    Figures seconds(String name, long nanos) {
        return add(name, String.format(Locale.ROOT, "%.1fs", nanos / 1e9));
    }

    /** A duration in milliseconds. */
    Figures millis(String name, long nanos) {
        return add(name, nanos / 1_000_000 + "ms");
    }

    /** Bytes as megabytes with one decimal. */
    Figures megabytes(String name, long bytes) {
        return add(name, String.format(Locale.ROOT, "%.1fMB", bytes / (1024.0 * 1024.0)));
    }

    /** Prints the line, with the time since {@link #of} as {@code elapsed}; returns it. */
    String print() {
        seconds("elapsed", System.nanoTime() - startNanos);
        String line = "[fault] " + test + ": " + values.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
        System.out.println(line);
        return line;
    }
}
