package io.dmkit.itests;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Captures what dmkit logs (SLF4J writes to java.util.logging in the tests), with messages
 * formatted and stack traces included, so tests can check what a person would read.
 */
final class LogCapture extends Handler implements AutoCloseable {

    private final Logger root = Logger.getLogger("");
    private final SimpleFormatter formatter = new SimpleFormatter();
    private final List<String> lines = new CopyOnWriteArrayList<>();

    LogCapture() {
        setLevel(Level.ALL);
        root.addHandler(this);
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

    List<String> lines() {
        return List.copyOf(lines);
    }

    boolean contains(String text) {
        return lines.stream().anyMatch(l -> l.contains(text));
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        root.removeHandler(this);
    }
}
