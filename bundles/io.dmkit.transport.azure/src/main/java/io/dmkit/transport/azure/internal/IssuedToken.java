package io.dmkit.transport.azure.internal;

import java.time.Instant;

/**
 * A SAS token and its validity, as one connection uses it. {@link #toString()} leaves the token out.
 *
 * @param value the MQTT password: {@code SharedAccessSignature sr=…&sig=…&se=…}; a secret
 * @param issuedAt when it was signed (or, for a token given in the configuration, when it was read)
 * @param expiry when IoT Hub stops accepting it and closes a connection that used it
 */
record IssuedToken(String value, Instant issuedAt, Instant expiry) {

    @Override
    public String toString() {
        return "IssuedToken[issued " + issuedAt + ", expires " + expiry + "]";
    }
}
