package io.dmkit.api;

/**
 * Why a session's connection status changed: the seed API's numbered {@code reason}.
 *
 * <p>Values 0 to 6 keep the order of the Azure IoT C SDK's connection-status reasons, which the
 * seed API copies; 7 to 9 are the reasons later SDKs added; 10 and above are dmkit's own.
 * The numbers are stable: they are part of the API.
 */
public enum ConnectionReason {
    /** The credential (SAS token, certificate) expired and could not be renewed. */
    EXPIRED_CREDENTIAL(0),
    /** The service says the device is disabled. */
    DEVICE_DISABLED(1),
    /** The service refused the credential: wrong key, unknown device, rejected certificate or PSK. */
    BAD_CREDENTIAL(2),
    /** The retry policy gave up. */
    RETRY_EXPIRED(3),
    /** The service could not be reached: name resolution, refused or unreachable connection. */
    NO_NETWORK(4),
    /** The connection broke or the service closed it, or the protocol went wrong. */
    COMMUNICATION_ERROR(5),
    /** Connected. */
    OK(6),
    /** The service stopped answering keep-alive pings. */
    NO_PING_RESPONSE(7),
    /** The service refused the device because a quota is exhausted. */
    QUOTA_EXCEEDED(8),
    /** The application disconnected the session, or removed it. */
    CLIENT_CLOSE(9),
    /** The session's configuration is invalid; the state's detail says which attribute. */
    INVALID_CONFIGURATION(10),
    /** No transport for the session's cloud type is available (yet). */
    NO_TRANSPORT(11),
    /** The session was created and has not been asked to connect. */
    NOT_STARTED(12),
    /**
     * The session is asking a provisioning service for its identity (zero-touch provisioning: the
     * service, hub or device id it is to use); the state's detail says which service.
     */
    PROVISIONING(13);

    private final int code;

    ConnectionReason(int code) {
        this.code = code;
    }

    /** The stable number of this reason, as the seed API's callback passes it. */
    public int code() {
        return code;
    }

    /** The reason with the given number. */
    public static ConnectionReason ofCode(int code) {
        for (ConnectionReason r : values()) {
            if (r.code == code) {
                return r;
            }
        }
        throw new IllegalArgumentException("no connection reason with code " + code);
    }
}
