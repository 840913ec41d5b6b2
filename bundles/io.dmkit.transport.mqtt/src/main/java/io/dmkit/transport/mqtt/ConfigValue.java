package io.dmkit.transport.mqtt;

/**
 * A configuration value as an error message shows it: in quotes, printable ASCII only (anything else
 * becomes {@code ?}, so a value cannot forge a log line) and cut short (a value of a megabyte must not
 * make a message of a megabyte). Never use it for a secret: those are not shown at all.
 */
public final class ConfigValue {

    /** How many characters of a value are shown. */
    public static final int MAX_SHOWN = 80;

    private ConfigValue() {
    }

    /** {@code 'value'}, or {@code 'the first 80 characters...' (N characters)}. */
    public static String quote(String value) {
        String printable = value.length() > MAX_SHOWN ? value.substring(0, MAX_SHOWN) : value;
        printable = printable.replaceAll("[^\\x20-\\x7e]", "?");
        return value.length() > MAX_SHOWN ? "'" + printable + "...' (" + value.length() + " characters)"
                : "'" + printable + "'";
    }
}
