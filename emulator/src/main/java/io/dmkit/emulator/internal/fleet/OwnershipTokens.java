package io.dmkit.emulator.internal.fleet;

import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * Certificate ownership tokens: CreateKeysAndCertificate and CreateCertificateFromCsr hand one out with
 * each new certificate, and RegisterThing redeems it to prove the device holds that certificate. As at
 * AWS a token is valid for {@link #VALIDITY one hour} ("the certificateOwnershipToken … expires after one
 * hour", fleet-provision-api) and, in the emulator, redeemable once. A certificate whose token was
 * never redeemed is forgotten with it: it never becomes usable.
 *
 * <p>Tokens are secrets: they are never logged, and {@link Issued#toString()} leaves them out. Thread-safe.
 */
final class OwnershipTokens {

    static final Duration VALIDITY = Duration.ofHours(1);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int TOKEN_BYTES = 48;

    private final Clock clock;
    private final Map<String, Issued> pending = new HashMap<>();
    /** Redeemed tokens until they would have expired, so reuse gets its own message. */
    private final Map<String, Instant> redeemed = new HashMap<>();

    OwnershipTokens(Clock clock) {
        this.clock = clock;
    }

    /** A token for a certificate that was just created and is not registered yet. */
    record Issued(String token, String certificateId, X509Certificate certificate, Instant expires) {
        @Override
        public String toString() {
            return "Issued[" + certificateId + ", expires " + expires + "]";
        }
    }

    synchronized Issued issue(String certificateId, X509Certificate certificate) {
        forgetExpired();
        byte[] bytes = new byte[TOKEN_BYTES];
        RANDOM.nextBytes(bytes);
        Issued issued = new Issued(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes), certificateId,
                certificate, clock.instant().plus(VALIDITY));
        pending.put(issued.token(), issued);
        return issued;
    }

    /**
     * The certificate {@code token} stands for, without using the token up (a rejected RegisterThing may
     * be retried with it).
     *
     * @throws RejectedRequest 400 InvalidCertificateOwnershipToken for an empty, unknown, expired or used token
     */
    synchronized Issued check(String token) throws RejectedRequest {
        forgetExpired();
        if (token == null || token.isEmpty()) {
            throw new RejectedRequest(FleetRejection.invalidToken("Certificate ownership token cannot be empty."));
        }
        Issued issued = pending.get(token);
        if (issued != null) {
            return issued;
        }
        if (redeemed.containsKey(token)) {
            throw new RejectedRequest(FleetRejection.invalidToken(
                    "Certificate ownership token was used already: each token registers one thing once."));
        }
        throw new RejectedRequest(FleetRejection.invalidToken("Certificate ownership token cannot be validated"
                + " (unknown, or older than " + VALIDITY.toMinutes() + " minutes)."));
    }

    /** Uses the token up; it was {@link #check checked} on the same (cloud) thread just before. */
    synchronized void redeem(Issued issued) {
        if (pending.remove(issued.token()) != null) {
            redeemed.put(issued.token(), issued.expires());
        }
    }

    private void forgetExpired() {
        Instant now = clock.instant();
        pending.values().removeIf(issued -> !issued.expires().isAfter(now));
        redeemed.values().removeIf(expires -> !expires.isAfter(now));
    }
}
