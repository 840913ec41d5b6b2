package io.dmkit.emulator.thingspro;

import io.dmkit.testing.Await;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Captures what one class logs through SLF4J, whose provider in the tests is
 * java.util.logging, so a test can check that a person would be told about a problem.
 */
final class LogCapture extends Handler implements AutoCloseable {

    private final Logger logger;
    private final List<String> messages = new CopyOnWriteArrayList<>();

    private LogCapture(Logger logger) {
        this.logger = logger;
        logger.addHandler(this);
    }

    /** Captures the log of the class named {@code className}. */
    static LogCapture of(String className) {
        return new LogCapture(Logger.getLogger(className));
    }

    @Override
    public void publish(LogRecord record) {
        messages.add(record.getLevel() + " " + record.getMessage());
    }

    /** Waits for a log line containing every fragment, and returns it. */
    String await(String... fragments) {
        return Await.value("a log line containing " + List.of(fragments), Duration.ofSeconds(10),
                () -> messages.stream().filter(m -> List.of(fragments).stream().allMatch(m::contains))
                        .findFirst().orElse(null));
    }

    /** Waits until at least {@code count} log lines contain every fragment. */
    void awaitCount(int count, String... fragments) {
        Await.until(count + " log lines containing " + List.of(fragments), Duration.ofSeconds(10),
                () -> messages.stream().filter(m -> List.of(fragments).stream().allMatch(m::contains)).count() >= count);
    }

    List<String> messages() {
        return List.copyOf(messages);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
