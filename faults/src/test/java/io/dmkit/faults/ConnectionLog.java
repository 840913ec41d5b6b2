package io.dmkit.faults;

import io.dmkit.api.ConnectionState;
import io.dmkit.api.ConnectionStatus;
import io.dmkit.api.DmSession;
import io.dmkit.testing.Await;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Every connection state a session reports, in order, with what a fault test asks of them. */
final class ConnectionLog {

    private final List<ConnectionState> states = new CopyOnWriteArrayList<>();

    /** Starts recording the session's states (the current one first). */
    static ConnectionLog of(DmSession session) {
        ConnectionLog log = new ConnectionLog();
        session.addConnectionListener((s, state) -> log.states.add(state));
        return log;
    }

    List<ConnectionState> states() {
        return List.copyOf(states);
    }

    /** Waits for the first state after {@code since} that is not CONNECTED: the loss of the connection. */
    ConnectionState awaitLossAfter(Instant since, Duration timeout) {
        return Await.value("the connection reported lost", timeout, () -> first(since, false));
    }

    /** Waits for the first CONNECTED state after {@code since}. */
    ConnectionState awaitConnectedAfter(Instant since, Duration timeout) {
        return Await.value("the session connected again", timeout, () -> first(since, true));
    }

    /** How many times the session connected. */
    long connects() {
        return states.stream().filter(ConnectionState::isConnected).count();
    }

    /** The states with this status after {@code since}. */
    List<ConnectionState> after(Instant since, ConnectionStatus status) {
        return states.stream().filter(s -> s.status() == status && !s.since().isBefore(since)).toList();
    }

    private ConnectionState first(Instant since, boolean connected) {
        for (ConnectionState s : states) {
            if (!s.since().isBefore(since) && s.isConnected() == connected) {
                return s;
            }
        }
        return null;
    }
}
