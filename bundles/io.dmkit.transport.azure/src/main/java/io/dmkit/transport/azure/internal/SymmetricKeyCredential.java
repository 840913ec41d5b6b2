package io.dmkit.transport.azure.internal;

import io.dmkit.transport.azure.protocol.SasToken;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The device's symmetric key: each connection gets a SAS token signed here, valid for the configured
 * lifetime ({@code azure.sas.lifetime.seconds}), so the transport can renew it before it expires.
 */
final class SymmetricKeyCredential implements DeviceCredential {

    private final String resource;
    private final String key;
    private final Duration lifetime;
    private final String keySource;

    /**
     * @param keySource where the key was configured, for advice: {@code key} or the connection string
     */
    SymmetricKeyCredential(String hubHost, String deviceId, String key, Duration lifetime, String keySource) {
        this.resource = SasToken.deviceResource(hubHost, deviceId);
        this.key = key.strip();
        this.lifetime = lifetime;
        this.keySource = keySource;
    }

    @Override
    public Optional<IssuedToken> token(Instant now) {
        // Whole seconds, as the token's "se" says: the hub closes the connection then, not later.
        Instant expiry = now.plus(lifetime).truncatedTo(ChronoUnit.SECONDS);
        return Optional.of(new IssuedToken(SasToken.create(resource, key, expiry), now, expiry));
    }

    @Override
    public boolean renewable() {
        return true;
    }

    @Override
    public Optional<String> unusableAt(Instant now) {
        return Optional.empty();
    }

    @Override
    public String refusalAdvice(String hubHost, String deviceId) {
        return "check that device '" + deviceId + "' is registered in IoT hub " + hubHost + " and enabled (device.id "
                + "or DeviceId), that " + keySource + " is its primary or secondary symmetric key (not shown here), "
                + "and that the gateway's clock is right (tokens are signed with it)";
    }

    @Override
    public String toString() {
        return "symmetric key (SAS tokens for " + resource + ", valid " + lifetime.toSeconds() + " s)";
    }
}
