package io.dmkit.emulator.internal.cloud;

import io.dmkit.emulator.ConnectionInfo;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which devices are connected (by connection, so that a takeover by a second connection with the same
 * client id is counted right), since when, how often they connected, and which are refused for a while
 * by fault injection. Thread-safe.
 */
public final class ConnectionTracker {

    private final Clock clock;
    private final Map<String, State> states = new HashMap<>();

    public ConnectionTracker(Clock clock) {
        this.clock = clock;
    }

    /** Records connection {@code connectionId} of the device, made with MQTT client id {@code clientId}. */
    public synchronized void connected(String deviceId, long connectionId, String clientId) {
        State state = states.computeIfAbsent(deviceId, id -> new State());
        state.connections.put(connectionId, clientId);
        state.connects++;
        state.since = clock.instant();
    }

    /** Records the end of a connection; false if it was not recorded as connected (or already ended). */
    public synchronized boolean disconnected(String deviceId, long connectionId) {
        State state = states.get(deviceId);
        if (state == null || state.connections.remove(connectionId) == null) {
            return false;
        }
        if (state.connections.isEmpty()) {
            state.since = clock.instant();
        }
        return true;
    }

    public synchronized boolean isConnected(String deviceId) {
        State state = states.get(deviceId);
        return state != null && !state.connections.isEmpty();
    }

    /** The client ids of the device's open connections (AWS: any client id may speak for a thing). */
    public synchronized List<String> clientIds(String deviceId) {
        State state = states.get(deviceId);
        return state == null ? List.of() : List.copyOf(state.connections.values().stream().distinct().toList());
    }

    public synchronized ConnectionInfo info(String deviceId) {
        State state = states.get(deviceId);
        return state == null ? ConnectionInfo.NEVER
                : new ConnectionInfo(!state.connections.isEmpty(), state.since, state.connects);
    }

    /** Refuse the device's connects until {@code until}. */
    public synchronized void refuseUntil(String deviceId, Instant until) {
        states.computeIfAbsent(deviceId, id -> new State()).refuseUntil = until;
    }

    public synchronized boolean refusesNow(String deviceId) {
        State state = states.get(deviceId);
        return state != null && state.refuseUntil != null && clock.instant().isBefore(state.refuseUntil);
    }

    /** Forgets a removed device (its open connections end through the broker). */
    public synchronized void forget(String deviceId) {
        states.remove(deviceId);
    }

    private static final class State {
        final Map<Long, String> connections = new HashMap<>();
        long connects;
        Instant since;
        Instant refuseUntil;
    }
}
