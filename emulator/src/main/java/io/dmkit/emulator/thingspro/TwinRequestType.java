package io.dmkit.emulator.thingspro;

/** The twin requests a device makes (spec §4), as fault injection targets them. */
public enum TwinRequestType {
    /** {@code {root}/{id}/twin/get/{rid}}: fetch of the whole twin. */
    GET,
    /** {@code {root}/{id}/twin/reported/{rid}}: a reported-properties patch. */
    REPORTED
}
