package io.dmkit.transport.mqtt.proxy;

import io.dmkit.api.ConnectionReason;
import java.io.IOException;
import java.util.OptionalInt;

/**
 * The HTTP proxy could not be reached or did not open the tunnel. Carries the connection reason
 * that fits and the proxy's HTTP status when it answered; the message says what to check and
 * never contains the proxy password.
 */
public final class ProxyTunnelException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient ConnectionReason reason;
    private final int status;

    ProxyTunnelException(ConnectionReason reason, int status, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.status = status;
    }

    /**
     * {@link ConnectionReason#NO_NETWORK} when the proxy or, through it, the service cannot be
     * reached; {@link ConnectionReason#BAD_CREDENTIAL} when the proxy wants other credentials (407);
     * {@link ConnectionReason#COMMUNICATION_ERROR} when it refuses the tunnel or answers nonsense.
     */
    public ConnectionReason reason() {
        return reason;
    }

    /** The proxy's HTTP status, when it answered with one. */
    public OptionalInt status() {
        return status < 0 ? OptionalInt.empty() : OptionalInt.of(status);
    }
}
