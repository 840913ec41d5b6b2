package io.dmkit.api.handler;

import io.dmkit.api.ConnectionState;
import io.dmkit.api.DmSession;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives connection-state changes (the seed's connection callback: {@code result} is
 * {@code state.status().seedResult()}, {@code reason} is {@code state.reason().code()}).
 * As a whiteboard service it may limit itself to one session with {@value #SESSION_NAME}.
 *
 * <p>A listener is told the current state when it is added, then every change, one at a time
 * and in order, on a dmkit event thread. An exception thrown here is logged and ignored.
 */
@ConsumerType
@FunctionalInterface
public interface ConnectionListener {

    /** Service property: the session this listener is limited to; absent means every session. */
    String SESSION_NAME = "dm.session.name";

    void connectionChanged(DmSession session, ConnectionState state);
}
