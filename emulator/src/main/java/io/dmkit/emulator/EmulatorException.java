package io.dmkit.emulator;

/**
 * A request to the emulator that cannot be served, with the HTTP status the REST API answers:
 * 400 bad input, 404 unknown device, 409 conflict, 413 too large.
 */
public final class EmulatorException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final int status;

    public EmulatorException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
