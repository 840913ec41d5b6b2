package io.dmkit.api.spi;

import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * One session's client of a provisioning service. The core calls {@link #provision()} from its own
 * threads, one attempt at a time, and retries failed attempts itself.
 *
 * <p>The core logs {@link Object#toString()}: say which service and which registration, never a key.
 */
@ConsumerType
public interface ProvisioningClient {

    /**
     * Asks the service for the session's identity: one attempt (polling the service while it says
     * the assignment is in progress), without retrying failures. Releases its connection to the
     * service before the stage completes.
     *
     * @return the identity; fails with a {@link TransportException} whose reason says why (the
     *         service's status and message in its text), with {@link TransportException#retryAfter()}
     *         when the service said when to come back, and {@link TransportException#isPermanent()}
     *         when asking again cannot help until the configuration changes (a disabled enrollment)
     */
    CompletionStage<IssuedIdentity> provision();

    /** Abandons an attempt in progress and releases every thread and socket. Idempotent; never throws. */
    void close();
}
