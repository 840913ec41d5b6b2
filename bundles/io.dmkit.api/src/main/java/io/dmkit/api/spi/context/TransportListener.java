package io.dmkit.api.spi.context;

import io.dmkit.api.ConnectionReason;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The core's side of a transport: what arrives from the network. Implementations return quickly
 * and never block, so transports may call them on their network threads.
 */
@ProviderType
public interface TransportListener {

    /**
     * The established connection was lost (not called for a failed {@link io.dmkit.api.spi.Transport#connect()}
     * or after {@link io.dmkit.api.spi.Transport#disconnect()}).
     *
     * @param detail what happened, in words, without secrets
     */
    void connectionLost(ConnectionReason reason, String detail);

    /**
     * A desired-properties patch arrived.
     *
     * @param json the patch as a JSON object, in the Azure shape (with {@code "$version"})
     * @param version the desired version after the patch
     */
    void desiredPatch(String json, long version);

    /** A command arrived; the core replies through {@link io.dmkit.api.spi.Transport#sendCommandResponse}. */
    void commandReceived(IncomingCommand command);
}
