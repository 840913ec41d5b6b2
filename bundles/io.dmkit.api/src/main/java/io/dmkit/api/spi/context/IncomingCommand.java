package io.dmkit.api.spi.context;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** A command as the transport parsed it from the wire. */
public final class IncomingCommand {

    private final String requestId;
    private final String name;
    private final byte[] payload;
    private final Duration timeout;

    /**
     * @param requestId the service's correlation id, passed back in the reply
     * @param name the command name
     * @param payload the payload, possibly empty
     * @param timeout how long the service waits for the reply, when the wire says so; otherwise null
     */
    public IncomingCommand(String requestId, String name, byte[] payload, Duration timeout) {
        this.requestId = Objects.requireNonNull(requestId, "requestId");
        this.name = Objects.requireNonNull(name, "name");
        this.payload = Objects.requireNonNull(payload, "payload");
        this.timeout = timeout;
    }

    public String requestId() {
        return requestId;
    }

    public String name() {
        return name;
    }

    /** The payload; not copied, do not modify. */
    public byte[] payload() {
        return payload;
    }

    /** The service's timeout for this command, when the protocol carries one. */
    public Optional<Duration> timeout() {
        return Optional.ofNullable(timeout);
    }

    @Override
    public String toString() {
        return "IncomingCommand[" + name + ", request " + requestId + ", " + payload.length + " bytes]";
    }
}
