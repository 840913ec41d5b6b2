package io.dmkit.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Captures what is logged through {@code java.util.logging} (where SLF4J writes in dmkit's tests,
 * whose provider is slf4j-jdk14), with messages formatted and stack
 * traces included, so that a test can check what a person would read. Close it to stop capturing.
 */
public final class LogCapture extends Handler implements AutoCloseable {

    private final Logger root = Logger.getLogger("");
    private final SimpleFormatter formatter = new SimpleFormatter();
    private final List<String> lines = new CopyOnWriteArrayList<>();

    private LogCapture() {
        setLevel(Level.ALL);
    }

    /** Starts capturing every record that reaches the root logger. */
    public static LogCapture start() {
        LogCapture capture = new LogCapture();
        capture.root.addHandler(capture);
        return capture;
    }

    @Override
    public void publish(LogRecord record) {
        StringBuilder b = new StringBuilder(record.getLevel() + " " + formatter.formatMessage(record));
        if (record.getThrown() != null) {
            StringWriter w = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(w));
            b.append('\n').append(w);
        }
        lines.add(b.toString());
    }

    /** The lines captured so far: level, a space, the formatted message (and stack trace). */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    public boolean contains(String text) {
        return lines.stream().anyMatch(l -> l.contains(text));
    }

    /** Waits until a captured line contains every one of {@code texts}; returns that line. */
    public String await(Duration timeout, String... texts) {
        return Await.value("a log line with " + String.join(" and ", texts), timeout,
                () -> lines.stream().filter(l -> containsAll(l, texts)).findFirst().orElse(null));
    }

    private static boolean containsAll(String line, String[] texts) {
        for (String t : texts) {
            if (!line.contains(t)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        root.removeHandler(this);
    }
}
