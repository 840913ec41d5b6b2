package io.dmkit.wire.text;

/**
 * A value from the network or from configuration as a log line or an error message shows it:
 * printable ASCII only (anything else, control characters and line breaks first, becomes {@code ?},
 * so a value cannot forge a log line or hide in one) and cut short with its length given (a value of
 * a megabyte must not make a message of a megabyte). Never use it for a secret: those are not shown
 * at all.
 */
public final class Printable {

    /** How many characters of a value {@link #quote} shows. */
    public static final int MAX_SHOWN = 80;

    private Printable() {
    }

    /**
     * {@code 'value'}, or {@code 'the first 80 characters...' (N characters)}; {@code null} as
     * {@code null}.
     */
    public static String quote(String value) {
        return value == null ? "null" : shown(value, MAX_SHOWN, "'");
    }

    /**
     * Text that makes a message of its own (another library's message that quotes our input, say)
     * as {@link #quote} shows a value, without the quotes and cut after {@code maxShown} characters.
     */
    public static String text(String text, int maxShown) {
        return text == null ? "null" : shown(text, maxShown, "");
    }

    private static String shown(String value, int maxShown, String quote) {
        int shown = Math.min(value.length(), maxShown);
        StringBuilder b = new StringBuilder(shown + 32).append(quote);
        for (int i = 0; i < shown; i++) {
            char c = value.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        if (shown < value.length()) {
            return b.append("...").append(quote).append(" (").append(value.length()).append(" characters)")
                    .toString();
        }
        return b.append(quote).toString();
    }
}
