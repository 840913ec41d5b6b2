package io.dmkit.dispatcher.internal;

import java.lang.reflect.Array;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.osgi.framework.Constants;

/**
 * What the dispatcher needs to know about one whiteboard service: its id and ranking (for
 * ordering), the session it is limited to (null = every session) and, for command handlers, the
 * command names it answers.
 */
final class HandlerEntry implements Comparable<HandlerEntry> {

    final long serviceId;
    final int ranking;
    final String session;
    final Set<String> commands;
    final String bundle;

    HandlerEntry(long serviceId, int ranking, String session, Set<String> commands, String bundle) {
        this.serviceId = serviceId;
        this.ranking = ranking;
        this.session = session;
        this.commands = commands;
        this.bundle = bundle;
    }

    static HandlerEntry of(Map<String, ?> properties, String sessionProperty, String commandProperty, String bundle) {
        Object id = properties.get(Constants.SERVICE_ID);
        Object ranking = properties.get(Constants.SERVICE_RANKING);
        Object session = properties.get(sessionProperty);
        return new HandlerEntry(id instanceof Number n ? n.longValue() : -1,
                ranking instanceof Integer r ? r : 0,
                session == null || session.toString().isBlank() ? null : session.toString().trim(),
                commandProperty == null ? Set.of() : strings(properties.get(commandProperty)), bundle);
    }

    boolean serves(String sessionName) {
        return session == null || session.equals(sessionName);
    }

    /** Highest ranking first, then the oldest service (lowest id): the OSGi ordering. */
    @Override
    public int compareTo(HandlerEntry o) {
        int byRanking = Integer.compare(o.ranking, ranking);
        return byRanking != 0 ? byRanking : Long.compare(serviceId, o.serviceId);
    }

    private static Set<String> strings(Object value) {
        Set<String> out = new LinkedHashSet<>();
        if (value instanceof Collection<?> c) {
            c.forEach(v -> add(out, v));
        } else if (value != null && value.getClass().isArray()) {
            for (int i = 0; i < Array.getLength(value); i++) {
                add(out, Array.get(value, i));
            }
        } else {
            add(out, value);
        }
        return Set.copyOf(out);
    }

    private static void add(Set<String> out, Object v) {
        if (v != null && !v.toString().isBlank()) {
            out.add(v.toString().trim());
        }
    }

    @Override
    public String toString() {
        return "service " + serviceId + " (ranking " + ranking + ", bundle " + bundle + ")";
    }
}
