package io.dmkit.emulator;

import java.time.Instant;

/**
 * Whether a device is connected now, since when (the last connect or disconnect) and how many
 * times it has connected since the emulator started.
 */
public record ConnectionInfo(boolean connected, Instant since, long connects) {

    public static final ConnectionInfo NEVER = new ConnectionInfo(false, null, 0);
}
