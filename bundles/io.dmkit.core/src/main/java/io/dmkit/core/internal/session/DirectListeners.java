package io.dmkit.core.internal.session;

import io.dmkit.api.Registration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listeners of one kind on one session, called directly on the thread that notifies them: the
 * session's listener lane, which keeps them in order and off the control lane. A listener that throws
 * is logged and the others still run.
 */
final class DirectListeners<L> {

    private static final Logger LOG = LoggerFactory.getLogger(DirectListeners.class);

    private final List<L> listeners = new CopyOnWriteArrayList<>();
    private final String description;

    DirectListeners(String description) {
        this.description = description;
    }

    Registration add(L listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    void notifyAll(Consumer<L> call) {
        for (L l : listeners) {
            notifyOne(l, call);
        }
    }

    void notifyOne(L listener, Consumer<L> call) {
        try {
            call.accept(listener);
        } catch (RuntimeException e) {
            LOG.warn("{} {} threw; continuing with the others", description, listener, e);
        }
    }
}
