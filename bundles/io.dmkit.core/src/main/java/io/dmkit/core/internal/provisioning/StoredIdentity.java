package io.dmkit.core.internal.provisioning;

import io.dmkit.api.ProvisionedIdentity;
import io.dmkit.api.spi.IssuedIdentity;
import java.time.Instant;

/**
 * An issued identity as the store keeps it: which provisioner issued it, when, and for which
 * configuration (a fingerprint of the settings the provisioner read: when they change, the identity is
 * not used again).
 */
record StoredIdentity(String provisioner, String fingerprint, Instant time, IssuedIdentity identity) {

    /** What the application sees: no settings, so no secret. */
    ProvisionedIdentity shown() {
        return new ProvisionedIdentity(provisioner, time, identity.details(), identity.payload().orElse(null));
    }
}
