package io.dmkit.api;

/**
 * Thrown synchronously when a payload exceeds a hard limit of the API, for example a reported
 * patch over {@value io.dmkit.api.DmSession#MAX_REPORTED_BYTES} bytes. Nothing was sent.
 */
public class PayloadTooLargeException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final int size;
    private final int limit;

    public PayloadTooLargeException(String what, int size, int limit) {
        super(what + " is " + size + " bytes, over the limit of " + limit + " bytes; nothing was sent");
        this.size = size;
        this.limit = limit;
    }

    public int size() {
        return size;
    }

    public int limit() {
        return limit;
    }
}
