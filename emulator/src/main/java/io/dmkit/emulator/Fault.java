package io.dmkit.emulator;

import java.time.Duration;

/**
 * A fault the emulator injects for one device (REST {@code POST /api/devices/{id}/faults}).
 */
public sealed interface Fault {

    /** Close the device's connection now (as a service-side drop: no DISCONNECT from the device). */
    record Drop() implements Fault {
    }

    /** Refuse the device's connects for {@code duration} with CONNACK "server unavailable". */
    record RefuseConnects(Duration duration) implements Fault {
    }

    /** Answer the device's twin / shadow operations with 429 for {@code duration}. */
    record ThrottleTwin(Duration duration) implements Fault {
    }
}
