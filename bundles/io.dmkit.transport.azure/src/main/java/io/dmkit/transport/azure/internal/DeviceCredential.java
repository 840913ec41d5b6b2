package io.dmkit.transport.azure.internal;

import java.time.Instant;
import java.util.Optional;

/**
 * How a device proves who it is to IoT Hub: SAS tokens signed with its symmetric key, a SAS token
 * made elsewhere, or an X.509 certificate (in the TLS handshake). Implementations never show their
 * secret in {@link #toString()} or in any text they return.
 */
interface DeviceCredential {

    /** The SAS token for a connection made now; empty for X.509, whose password stays empty. */
    Optional<IssuedToken> token(Instant now);

    /** Whether a new token can be signed before the current one expires (only with the device key). */
    boolean renewable();

    /**
     * Why the credential cannot be used at {@code now} (a given token that has expired), naming the
     * attribute to fix; empty if it can.
     */
    Optional<String> unusableAt(Instant now);

    /**
     * What to check when IoT Hub refuses the device (CONNACK 5, not authorized), in words that name
     * the configuration attributes: never the secret itself.
     */
    String refusalAdvice(String hubHost, String deviceId);
}
