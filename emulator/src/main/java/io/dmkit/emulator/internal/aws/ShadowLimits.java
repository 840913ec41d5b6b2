package io.dmkit.emulator.internal.aws;

/**
 * The Device Shadow service quotas the emulator enforces (AWS IoT Core quotas, Device Shadow).
 */
final class ShadowLimits {

    /** The merged, stored {@code state} ({@code desired} and {@code reported}, not metadata): 8 KB. */
    static final int MAX_STATE_BYTES = 8192;

    /** Levels inside {@code state.desired} and {@code state.reported}; the section object itself is level 1. */
    static final int MAX_DEPTH = 6;

    /** The message broker's payload limit, which bounds a request before it is read. */
    static final int MAX_REQUEST_BYTES = 128 * 1024;

    /** Client tokens: at most 64 bytes. */
    static final int MAX_CLIENT_TOKEN_BYTES = 64;

    private ShadowLimits() {
    }
}
