package io.dmkit.emulator.thingspro.internal;

import io.dmkit.emulator.thingspro.TwinRequestType;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Faults planned for the next twin requests of a device (a test facility): answer them with a
 * given status, or not at all. One plan per device and request type; a new plan replaces the old.
 */
public final class TwinFaults {

    /** What to do with one request: answer {@link #status} or, if it is {@link #DROP}, nothing. */
    public static final class Fault {
        public static final int DROP = -1;
        private final int status;

        private Fault(int status) {
            this.status = status;
        }

        public boolean drops() {
            return status == DROP;
        }

        public int status() {
            return status;
        }
    }

    private record Key(String deviceId, TwinRequestType type) {
    }

    private static final class Plan {
        final Fault fault;
        int remaining;

        Plan(Fault fault, int remaining) {
            this.fault = fault;
            this.remaining = remaining;
        }
    }

    private final Map<Key, Plan> plans = new HashMap<>();

    /** The next {@code count} requests are answered with {@code status}. */
    public synchronized void answerWith(String deviceId, TwinRequestType type, int count, int status) {
        plan(deviceId, type, count, new Fault(status));
    }

    /** The next {@code count} requests are not answered at all. */
    public synchronized void drop(String deviceId, TwinRequestType type, int count) {
        plan(deviceId, type, count, new Fault(Fault.DROP));
    }

    public synchronized void clear(String deviceId) {
        plans.keySet().removeIf(k -> k.deviceId().equals(deviceId));
    }

    /** The fault for the request that just arrived, consuming one, or empty to handle it normally. */
    public synchronized Optional<Fault> take(String deviceId, TwinRequestType type) {
        Key key = new Key(deviceId, type);
        Plan plan = plans.get(key);
        if (plan == null) {
            return Optional.empty();
        }
        if (--plan.remaining == 0) {
            plans.remove(key);
        }
        return Optional.of(plan.fault);
    }

    private void plan(String deviceId, TwinRequestType type, int count, Fault fault) {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(type, "type");
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1: " + count);
        }
        plans.put(new Key(deviceId, type), new Plan(fault, count));
    }
}
