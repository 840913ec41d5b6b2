package io.dmkit.api;

/**
 * Whether a session is connected. The seed API's {@code result} is 0 for {@link #CONNECTED}
 * and non-zero for both other values.
 */
public enum ConnectionStatus {
    /** Connected and subscribed: commands and twin patches are received. */
    CONNECTED,
    /** Not connected; the session's supervisor is connecting or waiting to retry. */
    DISCONNECTED_RETRYING,
    /** Not connected and not trying: never connected, disconnected on request, or unusable. */
    DISCONNECTED;

    /** The seed API's {@code result}: 0 when connected, 1 otherwise. */
    public int seedResult() {
        return this == CONNECTED ? 0 : 1;
    }
}
