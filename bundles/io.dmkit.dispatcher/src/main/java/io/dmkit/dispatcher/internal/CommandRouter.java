package io.dmkit.dispatcher.internal;

import io.dmkit.api.runtime.CommandHandlerInfo;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The whiteboard command handlers, indexed for routing: for a session and command name the
 * handler with the highest ranking wins (then the lowest service id); the others are shadowed.
 * Thread-safe; lookups do not lock.
 *
 * @param <R> the handle of a handler service (a service reference in OSGi)
 */
final class CommandRouter<R> {

    private final Map<R, HandlerEntry> handlers = new ConcurrentHashMap<>();

    void put(R handle, HandlerEntry entry) {
        handlers.put(handle, entry);
    }

    void remove(R handle) {
        handlers.remove(handle);
    }

    /** The handler that answers {@code command} on {@code session}. */
    Optional<R> route(String session, String command) {
        R best = null;
        HandlerEntry bestEntry = null;
        for (Map.Entry<R, HandlerEntry> e : handlers.entrySet()) {
            HandlerEntry h = e.getValue();
            if (h.serves(session) && h.commands.contains(command) && (bestEntry == null || h.compareTo(bestEntry) < 0)) {
                best = e.getKey();
                bestEntry = h;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Every (session, command, handler) combination for these sessions, active handlers first. */
    List<CommandHandlerInfo> describe(Collection<String> sessions) {
        List<HandlerEntry> all = new ArrayList<>(handlers.values());
        all.sort(Comparator.naturalOrder());
        List<CommandHandlerInfo> out = new ArrayList<>();
        for (String session : new TreeSet<>(sessions)) {
            TreeSet<String> commands = new TreeSet<>();
            all.stream().filter(h -> h.serves(session)).forEach(h -> commands.addAll(h.commands));
            for (String command : commands) {
                boolean first = true;
                for (HandlerEntry h : all) {
                    if (h.serves(session) && h.commands.contains(command)) {
                        out.add(new CommandHandlerInfo(session, command, h.serviceId, h.ranking, h.bundle, first));
                        first = false;
                    }
                }
            }
        }
        return out;
    }
}
