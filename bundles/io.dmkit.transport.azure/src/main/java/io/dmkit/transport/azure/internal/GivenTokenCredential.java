package io.dmkit.transport.azure.internal;

import io.dmkit.transport.azure.protocol.SasToken;
import java.time.Instant;
import java.util.Optional;

/**
 * A SAS token made elsewhere (by a provisioning service or a script) and given in the configuration.
 * It cannot be renewed here: once it expires the device cannot connect until it is given a new one,
 * and the transport says so instead of letting the hub refuse it again and again.
 */
final class GivenTokenCredential implements DeviceCredential {

    private final String token;
    private final SasToken parsed;
    private final String source;

    /**
     * @param source where the token was configured, for messages: {@code key} or the connection string
     * @throws IllegalArgumentException if it is not a SAS token (the message does not repeat it)
     */
    GivenTokenCredential(String token, String source) {
        this.token = token.strip();
        this.parsed = SasToken.parse(this.token);
        this.source = source;
    }

    /** The device the token was made for. */
    boolean namesDevice(String deviceId) {
        return parsed.namesDevice(deviceId);
    }

    Instant expiry() {
        return parsed.expiry();
    }

    @Override
    public Optional<IssuedToken> token(Instant now) {
        return Optional.of(new IssuedToken(token, now, parsed.expiry()));
    }

    @Override
    public boolean renewable() {
        return false;
    }

    @Override
    public Optional<String> unusableAt(Instant now) {
        if (now.isBefore(parsed.expiry())) {
            return Optional.empty();
        }
        return Optional.of("the SAS token given in " + source + " expired at " + parsed.expiry()
                + "; a token made elsewhere cannot be renewed here: give a new token, or the device's symmetric key "
                + "in key so that the gateway signs and renews tokens itself");
    }

    @Override
    public String refusalAdvice(String hubHost, String deviceId) {
        return "check that device '" + deviceId + "' is registered in IoT hub " + hubHost + " and enabled, and that "
                + "the SAS token given in " + source + " (for " + parsed.resource() + ", expires " + parsed.expiry()
                + ") was signed with one of its keys";
    }

    @Override
    public String toString() {
        return "given SAS token (" + parsed.resource() + ", expires " + parsed.expiry() + ")";
    }
}
