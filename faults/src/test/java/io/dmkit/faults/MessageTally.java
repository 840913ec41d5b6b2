package io.dmkit.faults;

import io.dmkit.emulator.thingspro.ReceivedMessage;
import io.dmkit.testing.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the telemetry of one device as the service receives it. Each test message's payload is its
 * number ({@code "0"}, {@code "1"}, ...), so the tally knows which arrived, how often, and which are
 * missing. Fed by {@link io.dmkit.emulator.thingspro.ThingsProService#onMessage}.
 */
final class MessageTally {

    private final String deviceId;
    private final ConcurrentHashMap<Integer, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final AtomicInteger received = new AtomicInteger();
    private final AtomicInteger foreign = new AtomicInteger();

    MessageTally(String deviceId) {
        this.deviceId = deviceId;
    }

    void onMessage(ReceivedMessage m) {
        if (!m.deviceId().equals(deviceId)) {
            return;
        }
        received.incrementAndGet();
        try {
            counts.computeIfAbsent(Integer.parseInt(m.payloadAsString()), n -> new AtomicInteger()).incrementAndGet();
        } catch (NumberFormatException e) {
            foreign.incrementAndGet();
        }
    }

    /** Messages received, duplicates included. */
    int received() {
        return received.get();
    }

    /** Distinct messages received. */
    int unique() {
        return counts.size();
    }

    /** Messages received more than once, counted once per extra copy. */
    int duplicates() {
        return received() - unique() - foreign.get();
    }

    /** Messages whose payload was not a test message's number (must stay 0). */
    int foreign() {
        return foreign.get();
    }

    /**
     * Waits until messages 0 to {@code sent - 1} have all arrived, or the timeout passed; either way
     * the test's assertion on {@link #missing} then says what is missing, with the numbers.
     */
    void awaitAll(int sent, Duration timeout) {
        try {
            Await.until("all " + sent + " messages received", timeout, () -> unique() >= sent);
        } catch (AssertionError e) {
            // reported by the assertion on missing(sent)
        }
    }

    /** The numbers below {@code sent} that never arrived (at most the first 20). */
    List<Integer> missing(int sent) {
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < sent && missing.size() < 20; i++) {
            if (!counts.containsKey(i)) {
                missing.add(i);
            }
        }
        return missing;
    }
}
