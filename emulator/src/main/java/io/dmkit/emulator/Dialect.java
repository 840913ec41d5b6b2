package io.dmkit.emulator;

import java.util.Locale;

/** The cloud a device of the emulator speaks to; the names are the session's {@code dm.cloud.type}. */
public enum Dialect {
    THINGSPRO, AZURE, AWS;

    /** The lower-case name used in the REST API and the registry ({@code thingspro}, {@code azure}, {@code aws}). */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the accepted values */
    public static Dialect parse(String id) {
        for (Dialect dialect : values()) {
            if (dialect.id().equals(id)) {
                return dialect;
            }
        }
        throw new IllegalArgumentException("unknown dialect '" + id + "': use thingspro, azure or aws");
    }
}
