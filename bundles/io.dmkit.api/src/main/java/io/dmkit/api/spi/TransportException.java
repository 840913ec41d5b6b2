package io.dmkit.api.spi;

import io.dmkit.api.ConnectionReason;
import java.time.Duration;
import java.util.Optional;

/**
 * A transport operation failed. Carries the connection reason (for connection attempts) and an
 * HTTP-like status (for requests). The message is meant for people and never contains a secret.
 */
public class TransportException extends Exception {

    private static final long serialVersionUID = 1L;

    private final ConnectionReason reason;
    private final int status;
    private final Duration retryAfter;
    private final boolean permanent;

    public TransportException(ConnectionReason reason, int status, String message, Throwable cause) {
        this(reason, status, message, cause, null, false);
    }

    /**
     * @param retryAfter when the service said to come back, or null
     * @param permanent  whether trying again cannot help until the configuration changes
     */
    public TransportException(ConnectionReason reason, int status, String message, Throwable cause,
            Duration retryAfter, boolean permanent) {
        super(message, cause);
        this.reason = reason;
        this.status = status;
        this.retryAfter = retryAfter;
        this.permanent = permanent;
    }

    /** A failed connection attempt. */
    public static TransportException connectFailed(ConnectionReason reason, String message, Throwable cause) {
        return new TransportException(reason, 503, message, cause);
    }

    /** A request the service answered with a non-success status. */
    public static TransportException status(int status, String message) {
        return new TransportException(ConnectionReason.OK, status, message, null);
    }

    /** An operation attempted while not connected. */
    public static TransportException notConnected(String message) {
        return new TransportException(ConnectionReason.COMMUNICATION_ERROR, 503, message, null);
    }

    /** Why the connection failed or was lost. */
    public ConnectionReason reason() {
        return reason;
    }

    /** The HTTP-like status of the failure. */
    public int status() {
        return status;
    }

    /** How long the service asked the device to wait before trying again (a 429's retry-after). */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /**
     * Whether trying again cannot help until the configuration changes (for example a disabled
     * enrollment): the session stops retrying and says why.
     */
    public boolean isPermanent() {
        return permanent;
    }
}
