package io.dmkit.emulator;

import java.util.Locale;

/** How a device proves who it is. Which kinds a dialect accepts: see {@link #allowedFor(Dialect)}. */
public enum AuthKind {
    /** Azure: a symmetric key; the device signs SAS tokens with it. */
    SAS,
    /** A client certificate issued by the emulator's CA (Azure X.509, AWS, ThingsPro over TLS). */
    X509,
    /** ThingsPro: user name = device id, password = the device key (over TLS). */
    PASSWORD,
    /** ThingsPro: no credentials (the plain listener of a bench set-up). */
    NONE;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean allowedFor(Dialect dialect) {
        return switch (dialect) {
            case AZURE -> this == SAS || this == X509;
            case AWS -> this == X509;
            case THINGSPRO -> true;
        };
    }

    /** @throws IllegalArgumentException naming the accepted values */
    public static AuthKind parse(String id) {
        for (AuthKind kind : values()) {
            if (kind.id().equals(id)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown auth type '" + id + "': use sas, x509, password or none");
    }
}
