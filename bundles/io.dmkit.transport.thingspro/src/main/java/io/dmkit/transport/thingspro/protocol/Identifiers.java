package io.dmkit.transport.thingspro.protocol;

import io.dmkit.wire.text.Printable;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The identifier rules of spec §1: device ids and command names (which appear as topic levels) and
 * request ids ({@code rid}).
 *
 * <p>The {@code ...Problem} methods say why a value is invalid, or return empty when it is valid;
 * they never throw, so they can judge input from the network. The reasons never contain the
 * value itself (it may be hostile); callers quote it with {@link Printable} where it helps.
 */
public final class Identifiers {

    /** Device ids and command names are 1 to 128 characters (Unicode code points). */
    public static final int MAX_IDENTIFIER_LENGTH = 128;

    /** Request ids are 1 to 64 characters from {@code A-Z a-z 0-9 - _}. */
    public static final int MAX_RID_LENGTH = 64;

    private static final Pattern RID = Pattern.compile("[A-Za-z0-9_-]{1," + MAX_RID_LENGTH + "}");

    private Identifiers() {
    }

    /** Why {@code deviceId} is not a valid device id, or empty if it is one. */
    public static Optional<String> deviceIdProblem(String deviceId) {
        return topicLevelProblem("device id", deviceId);
    }

    /** Why {@code name} is not a valid command name, or empty if it is one. */
    public static Optional<String> commandNameProblem(String name) {
        return topicLevelProblem("command name", name);
    }

    /** Why {@code rid} is not a valid request id, or empty if it is one. */
    public static Optional<String> ridProblem(String rid) {
        if (rid == null) {
            return Optional.of("request id is missing");
        }
        if (rid.isEmpty()) {
            return Optional.of("request id is empty");
        }
        if (rid.length() > MAX_RID_LENGTH) {
            return Optional.of("request id is " + rid.length() + " characters long; at most " + MAX_RID_LENGTH
                    + " are allowed");
        }
        if (!RID.matcher(rid).matches()) {
            return Optional.of("request id may only contain A-Z a-z 0-9 - _");
        }
        return Optional.empty();
    }

    public static boolean isValidDeviceId(String deviceId) {
        return deviceIdProblem(deviceId).isEmpty();
    }

    public static boolean isValidCommandName(String name) {
        return commandNameProblem(name).isEmpty();
    }

    public static boolean isValidRid(String rid) {
        return ridProblem(rid).isEmpty();
    }

    /** Returns {@code deviceId}; throws {@link IllegalArgumentException} with the reason if it is invalid. */
    public static String requireDeviceId(String deviceId) {
        return require(deviceId, deviceIdProblem(deviceId));
    }

    /** Returns {@code name}; throws {@link IllegalArgumentException} with the reason if it is invalid. */
    public static String requireCommandName(String name) {
        return require(name, commandNameProblem(name));
    }

    /** Returns {@code rid}; throws {@link IllegalArgumentException} with the reason if it is invalid. */
    public static String requireRid(String rid) {
        return require(rid, ridProblem(rid));
    }

    private static String require(String value, Optional<String> problem) {
        if (problem.isPresent()) {
            throw new IllegalArgumentException(problem.get() + ": " + Printable.quote(value));
        }
        return value;
    }

    /**
     * A topic level that names something: 1 to 128 code points, none of them {@code /}, {@code +},
     * {@code #}, a control character (NUL included), or half of a surrogate pair (which has no
     * UTF-8 form, and MQTT topics are UTF-8).
     */
    static Optional<String> topicLevelProblem(String what, String value) {
        if (value == null) {
            return Optional.of(what + " is missing");
        }
        if (value.isEmpty()) {
            return Optional.of(what + " is empty");
        }
        int codePoints = 0;
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            int problemIndex = i;
            i += Character.charCount(cp);
            codePoints++;
            if (codePoints > MAX_IDENTIFIER_LENGTH) {
                return Optional.of(what + " is longer than " + MAX_IDENTIFIER_LENGTH + " characters");
            }
            if (cp == '/' || cp == '+' || cp == '#') {
                return Optional.of(what + " contains '" + (char) cp + "' at index " + problemIndex
                        + " ('/', '+' and '#' are not allowed)");
            }
            if (Character.isISOControl(cp)) {
                return Optional.of(what + " contains the control character U+" + String.format("%04X", cp)
                        + " at index " + problemIndex);
            }
            if (cp <= Character.MAX_VALUE && Character.isSurrogate((char) cp)) {
                return Optional.of(what + " contains an unpaired surrogate at index " + problemIndex
                        + " (not encodable in UTF-8)");
            }
        }
        return Optional.empty();
    }
}
