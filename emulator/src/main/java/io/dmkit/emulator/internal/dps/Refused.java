package io.dmkit.emulator.internal.dps;

/**
 * A registration DPS refuses: the error the device gets, and the reason for the emulator's log and
 * registration list (never a key or token).
 *
 * @param enrollment the enrollment that was tried ({@code individual}, {@code group:<id>}), or {@code null}
 */
record Refused(DpsError error, String enrollment, String reason) implements Verdict {
}
