package io.dmkit.api;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a provisioning service gave a session (zero-touch provisioning): which service, when, what it
 * assigned (for example the hub and the device id) and the payload it returned for the application.
 * Holds no secret: the keys and certificates the service issued stay in the session's data directory.
 */
public final class ProvisionedIdentity {

    private final String provisioner;
    private final Instant time;
    private final Map<String, String> details;
    private final String payload;

    /**
     * @param provisioner the provisioning service's name, for example {@code azure-dps}
     * @param time when the service gave the identity
     * @param details what it assigned, in words a person reads, in the order to show them
     * @param payload the JSON the service returned for the application, or null
     */
    public ProvisionedIdentity(String provisioner, Instant time, Map<String, String> details, String payload) {
        this.provisioner = Objects.requireNonNull(provisioner, "provisioner");
        this.time = Objects.requireNonNull(time, "time");
        this.details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
        this.payload = payload;
    }

    /** The provisioning service's name, for example {@code azure-dps} or {@code aws-fleet}. */
    public String provisioner() {
        return provisioner;
    }

    /** When the service gave this identity. */
    public Instant time() {
        return time;
    }

    /** What the service assigned (for example {@code assignedHub}, {@code deviceId}), in order. */
    public Map<String, String> details() {
        return details;
    }

    /** The JSON the service returned for the application (Azure DPS: the registration's payload). */
    public Optional<String> payload() {
        return Optional.ofNullable(payload);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProvisionedIdentity p && p.provisioner.equals(provisioner) && p.time.equals(time)
                && p.details.equals(details) && Objects.equals(p.payload, payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(provisioner, time, details, payload);
    }

    @Override
    public String toString() {
        return "ProvisionedIdentity[" + provisioner + " at " + time + ", " + details
                + (payload == null ? "" : ", payload of " + payload.length() + " characters") + "]";
    }
}
