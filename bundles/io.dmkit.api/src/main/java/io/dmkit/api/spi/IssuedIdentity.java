package io.dmkit.api.spi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The identity a provisioning service issued to a session: the settings it supplies, laid over the
 * session's configuration before the transport is created, what to show about it, and the payload
 * the service returned for the application.
 */
public final class IssuedIdentity {

    private final Map<String, String> settings;
    private final Map<String, String> details;
    private final String payload;

    /**
     * @param settings the session settings and transport options the identity supplies, by id, as
     *                 configuration text (for example {@code host}, {@code device.id}, or {@code cert}
     *                 and {@code key} naming files the client wrote in its directory); secrets among
     *                 them are kept in the session's owner-only data directory and masked by their
     *                 declarations wherever they are shown
     * @param details  what the service assigned, without secrets, in the order to show it
     * @param payload  the JSON the service returned for the application, or null
     */
    public IssuedIdentity(Map<String, String> settings, Map<String, String> details, String payload) {
        this.settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        this.details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
        this.payload = payload;
    }

    public Map<String, String> settings() {
        return settings;
    }

    public Map<String, String> details() {
        return details;
    }

    public Optional<String> payload() {
        return Optional.ofNullable(payload);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IssuedIdentity i && i.settings.equals(settings) && i.details.equals(details)
                && Objects.equals(i.payload, payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(settings, details, payload);
    }

    /** The details and the ids of the settings; never their values, which may be secret. */
    @Override
    public String toString() {
        return "IssuedIdentity[" + details + ", settings " + settings.keySet() + "]";
    }
}
