package io.dmkit.emulator.internal.dps;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** The latest registration attempts, at most {@value #MAX_EVENTS}, in memory: who registered, when, how it went. */
final class RegistrationLog {

    static final int MAX_EVENTS = 1000;

    private final Deque<RegistrationEvent> events = new ArrayDeque<>();

    synchronized void record(RegistrationEvent event) {
        if (events.size() == MAX_EVENTS) {
            events.removeFirst();
        }
        events.addLast(event);
    }

    /** Oldest first. */
    synchronized List<RegistrationEvent> all() {
        return new ArrayList<>(events);
    }
}
