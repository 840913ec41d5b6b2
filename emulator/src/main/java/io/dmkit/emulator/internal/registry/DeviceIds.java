package io.dmkit.emulator.internal.registry;

import io.dmkit.emulator.EmulatorException;
import io.dmkit.wire.text.Printable;
import java.util.regex.Pattern;

/**
 * Which device ids the emulator accepts: 1 to 128 characters that are safe in every dialect's
 * topics, user names and file names ({@code A-Z a-z 0-9 . _ - : @}), not starting with a dot.
 */
public final class DeviceIds {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_:@-][A-Za-z0-9._:@-]{0,127}");

    private DeviceIds() {
    }

    /** @throws EmulatorException 400 naming the rule */
    public static String require(String id) {
        if (id == null || !VALID.matcher(id).matches()) {
            throw new EmulatorException(400, "invalid device id " + Printable.quote(id == null ? "" : id)
                    + ": use 1 to 128 characters from A-Z a-z 0-9 . _ - : @, not starting with a dot");
        }
        return id;
    }
}
