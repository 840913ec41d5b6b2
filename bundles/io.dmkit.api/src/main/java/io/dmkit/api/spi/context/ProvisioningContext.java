package io.dmkit.api.spi.context;

import java.nio.file.Path;
import java.util.concurrent.ScheduledExecutorService;
import org.osgi.annotation.versioning.ProviderType;

/** What the core gives a provisioning client it creates. */
@ProviderType
public interface ProvisioningContext {

    /**
     * A scheduler shared by all sessions, for timers (polling the service, request timeouts). Tasks
     * must be short and must never block; the client must not shut it down.
     */
    ScheduledExecutorService scheduler();

    /**
     * The session's own directory for what the identity needs on disk (an issued certificate and its
     * private key): readable by the gateway's user only, kept across restarts while the identity is,
     * emptied when the core forgets the identity. Files written here must be written owner-only too.
     */
    Path directory();
}
