package io.dmkit.api;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The device-management service: creates, finds and removes sessions (the seed's
 * {@code dmdevice_create_session} and {@code dmdevice_remove_session}).
 *
 * <p>In OSGi this is a service; sessions an application bundle creates through it are removed
 * when that bundle stops using the service. Sessions can also come from ConfigAdmin factory
 * configurations with the PID {@value SessionConfig#FACTORY_PID}. Outside OSGi, open one with
 * {@code io.dmkit.core.DmKit.open()} and close it when done.
 */
@ProviderType
public interface DeviceManagement {

    /**
     * Creates a session; it connects at once when {@link SessionConfig#autoConnect()} is set.
     * If the transport for its cloud type is not available yet, the session waits for it in
     * state {@link ConnectionReason#NO_TRANSPORT}.
     *
     * @throws InvalidConfigurationException if the configuration is unusable for its transport
     * @throws IllegalStateException if a session with that name exists
     */
    DmSession createSession(SessionConfig config);

    /** The session with that name. */
    Optional<DmSession> session(String name);

    /** All sessions, in creation order. */
    List<DmSession> sessions();

    /**
     * Disconnects and removes a session; its unsent messages complete with
     * {@value DmResult#NOT_CONNECTED}.
     *
     * @return whether a session with that name existed
     */
    boolean removeSession(String name);

    /** The cloud types whose transports are available now. */
    Set<String> cloudTypes();
}
