package io.dmkit.api.spi.context;

import java.util.concurrent.ScheduledExecutorService;
import org.osgi.annotation.versioning.ProviderType;

/** What the core gives a transport it creates. */
@ProviderType
public interface TransportContext {

    /** Where the transport reports what arrives from the network and connection loss. */
    TransportListener listener();

    /**
     * A scheduler shared by all sessions, for timers (keep-alive pings, request timeouts). Tasks
     * must be short and must never block; the transport must not shut it down.
     */
    ScheduledExecutorService scheduler();
}
