package io.dmkit.emulator.internal.fleet;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The latest AWS RegisterThing outcomes, newest last, at most {@value #LIMIT}, in memory (the things
 * themselves are in the device registry). Thread-safe.
 */
final class AwsRegistrations {

    static final int LIMIT = 1000;

    private final Deque<AwsRegistration> latest = new ArrayDeque<>();

    synchronized void record(AwsRegistration registration) {
        if (latest.size() == LIMIT) {
            latest.removeFirst();
        }
        latest.addLast(registration);
    }

    synchronized List<AwsRegistration> all() {
        return List.copyOf(latest);
    }
}
