package io.dmkit.api.spi;

import io.dmkit.api.ConnectionReason;

/**
 * A transport operation failed. Carries the connection reason (for connection attempts) and an
 * HTTP-like status (for requests). The message is meant for people and never contains a secret.
 */
public class TransportException extends Exception {

    private static final long serialVersionUID = 1L;

    private final ConnectionReason reason;
    private final int status;

    public TransportException(ConnectionReason reason, int status, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.status = status;
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
}
