package io.dmkit.gateway;

import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.nio.charset.StandardCharsets;

/**
 * Keeps the shell's prompt usable while log lines arrive: with an interactive shell, each console line
 * first clears the terminal line (where the prompt waits, {@code CR} then ANSI erase-line) and is
 * followed by the prompt again. Without a terminal, or before the shell starts, lines are unchanged.
 * What the user had typed when a line arrived stays in the shell's input; only its echo is gone.
 */
final class PromptAfterLogLines extends PatternLayoutEncoder {

    private static final byte[] CLEAR_LINE = "\r\u001b[K".getBytes(StandardCharsets.US_ASCII);
    private static volatile byte[] prompt;

    /** From now on every console log line is followed by {@code text}, the prompt of an interactive shell. */
    static void showAfterEachLine(String text) {
        prompt = text.getBytes(StandardCharsets.UTF_8);
    }

    /** Console lines are written as they are again. */
    static void hidePrompt() {
        prompt = null;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        byte[] line = super.encode(event);
        byte[] after = prompt;
        if (after == null) {
            return line;
        }
        byte[] out = new byte[CLEAR_LINE.length + line.length + after.length];
        System.arraycopy(CLEAR_LINE, 0, out, 0, CLEAR_LINE.length);
        System.arraycopy(line, 0, out, CLEAR_LINE.length, line.length);
        System.arraycopy(after, 0, out, CLEAR_LINE.length + line.length, after.length);
        return out;
    }
}
