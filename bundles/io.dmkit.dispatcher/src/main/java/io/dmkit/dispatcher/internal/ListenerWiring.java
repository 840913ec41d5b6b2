package io.dmkit.dispatcher.internal;

import io.dmkit.api.DmSession;
import io.dmkit.api.Registration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Connects whiteboard listeners of one kind to the sessions they serve: each (listener, session)
 * pair becomes one registration on the session, made when both are present and closed when
 * either goes. Methods are called under the dispatcher's lock and return the work to do (the
 * registrations to make and close), which the caller runs outside the lock.
 *
 * @param <L> the listener type
 */
final class ListenerWiring<L> {

    private final BiFunction<DmSession, L, Registration> attach;
    private final Map<L, HandlerEntry> listeners = new LinkedHashMap<>();
    private final Map<L, Map<String, Attachment>> attachments = new HashMap<>();

    ListenerWiring(BiFunction<DmSession, L, Registration> attach) {
        this.attach = attach;
    }

    List<Runnable> addListener(L listener, HandlerEntry entry, Collection<DmSession> sessions) {
        listeners.put(listener, entry);
        List<Runnable> work = new ArrayList<>();
        for (DmSession s : sessions) {
            if (entry.serves(s.name())) {
                work.add(attachmentFor(listener, s)::open);
            }
        }
        return work;
    }

    List<Runnable> removeListener(L listener) {
        listeners.remove(listener);
        Map<String, Attachment> bySession = attachments.remove(listener);
        List<Runnable> work = new ArrayList<>();
        if (bySession != null) {
            bySession.values().forEach(a -> work.add(a::close));
        }
        return work;
    }

    List<Runnable> addSession(DmSession session) {
        List<Runnable> work = new ArrayList<>();
        listeners.forEach((listener, entry) -> {
            if (entry.serves(session.name())) {
                work.add(attachmentFor(listener, session)::open);
            }
        });
        return work;
    }

    List<Runnable> removeSession(String sessionName) {
        List<Runnable> work = new ArrayList<>();
        for (Iterator<Map<String, Attachment>> it = attachments.values().iterator(); it.hasNext();) {
            Map<String, Attachment> bySession = it.next();
            Attachment a = bySession.remove(sessionName);
            if (a != null) {
                work.add(a::close);
            }
            if (bySession.isEmpty()) {
                it.remove();
            }
        }
        return work;
    }

    private Attachment attachmentFor(L listener, DmSession session) {
        Attachment a = new Attachment(session, listener);
        Attachment previous = attachments.computeIfAbsent(listener, l -> new HashMap<>()).put(session.name(), a);
        if (previous != null) {
            previous.close();
        }
        return a;
    }

    /** One registration of a listener on a session; opening after closing does nothing. */
    private final class Attachment {
        private final DmSession session;
        private final L listener;
        private Registration registration;
        private boolean closed;

        Attachment(DmSession session, L listener) {
            this.session = session;
            this.listener = listener;
        }

        synchronized void open() {
            if (!closed && registration == null) {
                registration = attach.apply(session, listener);
            }
        }

        synchronized void close() {
            closed = true;
            if (registration != null) {
                registration.close();
                registration = null;
            }
        }
    }
}
