package io.dmkit.transport.thingspro.protocol;

/**
 * Renders strings that came from the network for log lines and rejection reasons.
 *
 * <p>Topics and identifiers are attacker-controlled: written raw, a control character could forge
 * a log line and a 64 KiB topic would flood the log. Quoting escapes control characters and
 * truncates, so a person still sees what was received.
 */
public final class LogSafe {

    /** How many characters of a value {@link #quote(String)} shows before truncating. */
    public static final int MAX_SHOWN = 80;

    private LogSafe() {
    }

    /**
     * {@code value} in double quotes, with control characters, lone surrogates, quotes and
     * backslashes escaped, truncated to {@value #MAX_SHOWN} characters; {@code null} as {@code null}.
     */
    public static String quote(String value) {
        if (value == null) {
            return "null";
        }
        int shown = Math.min(value.length(), MAX_SHOWN);
        StringBuilder b = new StringBuilder(shown + 24).append('"');
        for (int i = 0; i < shown; i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (Character.isISOControl(c) || Character.isSurrogate(c) && !isPairedAt(value, i)) {
                b.append(String.format("\\u%04X", (int) c));
            } else {
                b.append(c);
            }
        }
        b.append('"');
        if (value.length() > shown) {
            b.append("...(").append(value.length()).append(" chars)");
        }
        return b.toString();
    }

    private static boolean isPairedAt(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }
}
