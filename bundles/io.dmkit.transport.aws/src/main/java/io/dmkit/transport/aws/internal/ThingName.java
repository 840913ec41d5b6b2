package io.dmkit.transport.aws.internal;

import io.dmkit.wire.text.Printable;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * AWS IoT's rules for thing names, which dmkit takes from {@code device.id}: 1 to 128 characters out of
 * letters, digits, {@code :}, {@code _} and {@code -}. The name is a level of every {@code $aws/} topic
 * of the thing, so a name outside these rules could not be used in them anyway.
 */
final class ThingName {

    private static final Pattern VALID = Pattern.compile("[a-zA-Z0-9:_-]{1,128}");

    private ThingName() {
    }

    /** What is wrong with {@code name} as a thing name, or empty when it is valid. */
    static Optional<String> problem(String name) {
        if (name.isEmpty()) {
            return Optional.of("is empty; give the thing name");
        }
        if (name.length() > 128) {
            return Optional.of("is " + name.length() + " characters long; AWS IoT thing names have at most 128");
        }
        if (!VALID.matcher(name).matches()) {
            return Optional.of(Printable.quote(name) + " is not a valid AWS IoT thing name: use letters, digits, ':', '_' and '-'");
        }
        return Optional.empty();
    }
}
