package io.dmkit.api;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;

/**
 * A command (direct method) the device-management service invoked on a session.
 *
 * <p>The reply must come before {@link #deadline()}; after it the service has already been told
 * 504 and a late reply is dropped.
 */
public final class CommandRequest {

    private final DmSession session;
    private final String name;
    private final String requestId;
    private final byte[] payload;
    private final Instant deadline;

    public CommandRequest(DmSession session, String name, String requestId, byte[] payload, Instant deadline) {
        this.session = Objects.requireNonNull(session, "session");
        this.name = Objects.requireNonNull(name, "name");
        this.requestId = Objects.requireNonNull(requestId, "requestId");
        this.payload = Objects.requireNonNull(payload, "payload").clone();
        this.deadline = Objects.requireNonNull(deadline, "deadline");
    }

    /** The session the command arrived on. */
    public DmSession session() {
        return session;
    }

    /** The command name. */
    public String name() {
        return name;
    }

    /** The service's correlation id of this request. */
    public String requestId() {
        return requestId;
    }

    /** A copy of the payload: usually JSON, possibly empty. */
    public byte[] payload() {
        return payload.clone();
    }

    /** The payload decoded as UTF-8. */
    public String payloadAsString() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    /** When the service stops waiting for the reply. */
    public Instant deadline() {
        return deadline;
    }

    @Override
    public String toString() {
        return "CommandRequest[" + name + ", request " + requestId + " on " + session.name() + ", "
                + payload.length + " bytes]";
    }
}
