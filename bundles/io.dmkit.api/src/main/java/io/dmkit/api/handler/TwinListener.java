package io.dmkit.api.handler;

import io.dmkit.api.DmSession;
import io.dmkit.api.TwinUpdate;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives device-twin updates (the seed's twin callback). As a whiteboard service it may limit
 * itself to one session with {@value #SESSION_NAME}.
 *
 * <p>A listener that arrives while a twin is known first receives it as COMPLETE. Updates of one
 * session come one at a time, in version order, on a dmkit event thread. An exception thrown
 * here is logged and does not affect other listeners.
 */
@ConsumerType
@FunctionalInterface
public interface TwinListener {

    /** Service property: the session this listener is limited to; absent means every session. */
    String SESSION_NAME = "dm.session.name";

    void twinUpdated(DmSession session, TwinUpdate update);
}
