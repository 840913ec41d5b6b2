package io.dmkit.emulator.internal.dps;

import io.dmkit.emulator.EmulatorException;
import io.dmkit.wire.text.Printable;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * DPS's rule for registration and enrollment group ids: up to 128 characters, alphanumeric plus
 * {@code - . _ :}, none of those at the start or end. DPS compares them without case; the emulator
 * keys them in lower case and keeps the spelling it was given.
 */
final class RegistrationIds {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._:-]{0,126}[A-Za-z0-9])?");

    private RegistrationIds() {
    }

    static boolean isValid(String id) {
        return id != null && VALID.matcher(id).matches();
    }

    /** @throws EmulatorException 400 naming the rule */
    static String require(String what, String id) {
        if (!isValid(id)) {
            throw new EmulatorException(400, "invalid " + what + " " + Printable.quote(id == null ? "" : id)
                    + ": use 1 to 128 characters from A-Z a-z 0-9 - . _ :, starting and ending with a letter or digit");
        }
        return id;
    }

    static String key(String id) {
        return id.toLowerCase(Locale.ROOT);
    }
}
