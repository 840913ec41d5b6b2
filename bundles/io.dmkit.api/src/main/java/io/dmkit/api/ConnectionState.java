package io.dmkit.api;

import java.time.Instant;
import java.util.Objects;

/**
 * A snapshot of a session's connection: its status, the reason of the last change, when that
 * change happened, and a human-readable detail (for example the broker's refusal or the invalid
 * configuration attribute). The detail never contains a secret.
 */
public final class ConnectionState {

    private final ConnectionStatus status;
    private final ConnectionReason reason;
    private final Instant since;
    private final String detail;

    public ConnectionState(ConnectionStatus status, ConnectionReason reason, Instant since, String detail) {
        this.status = Objects.requireNonNull(status, "status");
        this.reason = Objects.requireNonNull(reason, "reason");
        this.since = Objects.requireNonNull(since, "since");
        this.detail = detail == null ? "" : detail;
    }

    public ConnectionStatus status() {
        return status;
    }

    public ConnectionReason reason() {
        return reason;
    }

    /** When the session entered this state. */
    public Instant since() {
        return since;
    }

    /** What happened, in words; empty when there is nothing to add to the reason. */
    public String detail() {
        return detail;
    }

    /** Whether the status is {@link ConnectionStatus#CONNECTED}. */
    public boolean isConnected() {
        return status == ConnectionStatus.CONNECTED;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConnectionState s && s.status == status && s.reason == reason
                && s.since.equals(since) && s.detail.equals(detail);
    }

    @Override
    public int hashCode() {
        return Objects.hash(status, reason, since, detail);
    }

    @Override
    public String toString() {
        return status + " (" + reason + (detail.isEmpty() ? "" : ": " + detail) + ") since " + since;
    }
}
