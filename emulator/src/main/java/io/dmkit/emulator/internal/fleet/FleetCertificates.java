package io.dmkit.emulator.internal.fleet;

import com.google.gson.JsonObject;
import io.dmkit.emulator.internal.broker.Thumbprints;
import io.dmkit.pki.KeyKind;
import io.dmkit.pki.LocalPki;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.X509Certificate;

/**
 * CreateKeysAndCertificate and CreateCertificateFromCsr: a new client certificate from the emulator's
 * CA, and an ownership token for it. The certificate is usable only once RegisterThing has redeemed the
 * token (AWS creates it {@code PENDING_ACTIVATION}); the emulator keeps no private key it generated.
 */
final class FleetCertificates {

    /** The subject AWS IoT gives the certificates it issues. */
    static final String COMMON_NAME = "AWS IoT Certificate";

    private final LocalPki pki;
    private final OwnershipTokens tokens;

    FleetCertificates(LocalPki pki, OwnershipTokens tokens) {
        this.pki = pki;
        this.tokens = tokens;
    }

    /**
     * {@code /accepted} of CreateKeysAndCertificate: {@code {certificateId, certificatePem, privateKey,
     * certificateOwnershipToken}}, an RSA 2048 key in PKCS#1 PEM as AWS sends it.
     */
    JsonObject createKeysAndCertificate() {
        KeyPair keys = LocalPki.generateKeyPair(KeyKind.RSA_PKCS1);
        JsonObject accepted = issue(keys.getPublic());
        accepted.addProperty("privateKey", LocalPki.privateKeyPem(keys, KeyKind.RSA_PKCS1));
        return accepted;
    }

    /**
     * {@code /accepted} of CreateCertificateFromCsr: {@code {certificateId, certificatePem,
     * certificateOwnershipToken}}.
     *
     * @throws RejectedRequest 400 InvalidPayload for a malformed request, 400 InvalidCSR for a bad CSR
     */
    JsonObject createFromCsr(byte[] payload) throws RejectedRequest {
        String csr = FleetPayloads.optionalString(FleetPayloads.object(payload), "certificateSigningRequest");
        return issue(CsrCheck.publicKey(csr));
    }

    private JsonObject issue(PublicKey key) {
        X509Certificate certificate = pki.issueClient(COMMON_NAME, key);
        String certificateId = Thumbprints.sha256(certificate);
        OwnershipTokens.Issued issued = tokens.issue(certificateId, certificate);
        JsonObject accepted = new JsonObject();
        accepted.addProperty("certificateId", certificateId);
        accepted.addProperty("certificatePem", LocalPki.pem(certificate));
        accepted.addProperty("certificateOwnershipToken", issued.token());
        return accepted;
    }
}
