package io.dmkit.emulator.thingspro;

/** The service could not connect to the broker, or the broker refused its subscriptions. */
public final class ServiceConnectException extends Exception {

    private static final long serialVersionUID = 1L;

    public ServiceConnectException(String message, Throwable cause) {
        super(message, cause);
    }

    public ServiceConnectException(String message) {
        super(message);
    }
}
