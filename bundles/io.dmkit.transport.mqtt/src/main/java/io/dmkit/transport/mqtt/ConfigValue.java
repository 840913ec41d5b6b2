package io.dmkit.transport.mqtt;

import io.dmkit.wire.text.Printable;

/**
 * A configuration value as an error message shows it: {@link Printable#quote}. Never use it for a
 * secret: those are not shown at all.
 *
 * <p>Only the settings parsers (AzureSettings, AwsSettings, ThingsPro's Security, PemSource) still
 * call it: they are being reworked elsewhere and take import changes only for now. New code calls
 * {@link Printable} itself; once they do too, this class goes.
 */
public final class ConfigValue {

    /** How many characters of a value are shown. */
    public static final int MAX_SHOWN = Printable.MAX_SHOWN;

    private ConfigValue() {
    }

    /** {@code 'value'}, or {@code 'the first 80 characters...' (N characters)}. */
    public static String quote(String value) {
        return Printable.quote(value);
    }
}
