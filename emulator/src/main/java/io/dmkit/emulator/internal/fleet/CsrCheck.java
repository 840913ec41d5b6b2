package io.dmkit.emulator.internal.fleet;

import java.io.IOException;
import java.io.StringReader;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Map;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;

/**
 * CreateCertificateFromCsr's check of the device's certificate signing request: one PEM PKCS#10
 * request, signed by the key it carries (the proof that the device holds that private key), for a key
 * AWS IoT signs: RSA of at least {@value #MIN_RSA_BITS} bits or EC (AWS accepts NIST P-256, P-384 and
 * P-521 curves; the JDK's providers decide which curves verify). The subject is ignored, as AWS ignores
 * it: the certificate is issued for "AWS IoT Certificate".
 */
final class CsrCheck {

    static final int MIN_RSA_BITS = 2048;
    /** The most a CSR's PEM may have: AWS takes up to 4 KB; a little over covers RSA 4096 requests. */
    static final int MAX_PEM_CHARS = 8192;
    private static final Map<ASN1ObjectIdentifier, String> KEY_ALGORITHMS = Map.of(
            PKCSObjectIdentifiers.rsaEncryption, "RSA", X9ObjectIdentifiers.id_ecPublicKey, "EC");

    private CsrCheck() {
    }

    /**
     * The public key of a well-formed, correctly signed request.
     *
     * @throws RejectedRequest 400 InvalidCSR saying what is wrong
     */
    static PublicKey publicKey(String pem) throws RejectedRequest {
        if (pem == null || pem.isBlank()) {
            throw invalid("certificateSigningRequest is required: a PEM PKCS#10 request");
        }
        if (pem.length() > MAX_PEM_CHARS) {
            throw invalid("the CSR is " + pem.length() + " characters long; at most " + MAX_PEM_CHARS + " are taken");
        }
        PKCS10CertificationRequest request = parse(pem);
        PublicKey key = acceptable(publicKey(request.getSubjectPublicKeyInfo()));
        try {
            if (!request.isSignatureValid(new JcaContentVerifierProviderBuilder().build(key))) {
                throw invalid("the CSR's signature does not verify with the public key it carries");
            }
            return key;
        } catch (OperatorCreationException | PKCSException | IllegalArgumentException e) {
            throw invalid("the CSR's signature algorithm cannot be used (" + e.getMessage() + ")");
        }
    }

    /**
     * The key through the JDK's own key factories, by algorithm name: Bouncy Castle's JCA helpers ask
     * for a factory by OID, which the JDK's EC provider does not register.
     */
    private static PublicKey publicKey(SubjectPublicKeyInfo info) throws RejectedRequest {
        String algorithm = KEY_ALGORITHMS.get(info.getAlgorithm().getAlgorithm());
        if (algorithm == null) {
            throw invalid("the CSR's key is of algorithm " + info.getAlgorithm().getAlgorithm().getId()
                    + "; AWS IoT signs RSA and EC keys");
        }
        try {
            return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(info.getEncoded()));
        } catch (IOException | GeneralSecurityException e) {
            throw invalid("the CSR's " + algorithm + " key cannot be read (" + e.getMessage() + ")");
        }
    }

    private static PKCS10CertificationRequest parse(String pem) throws RejectedRequest {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object object = parser.readObject();
            if (!(object instanceof PKCS10CertificationRequest request)) {
                throw invalid("the CSR is not a PEM \"CERTIFICATE REQUEST\" (PKCS#10)");
            }
            if (parser.readObject() != null) {
                throw invalid("the CSR holds more than one PEM object");
            }
            return request;
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            throw invalid("the CSR is not valid PEM PKCS#10 (" + e.getMessage() + ")");
        }
    }

    private static PublicKey acceptable(PublicKey key) throws RejectedRequest {
        if (key instanceof RSAPublicKey rsa) {
            if (rsa.getModulus().bitLength() < MIN_RSA_BITS) {
                throw invalid("the CSR's RSA key has " + rsa.getModulus().bitLength() + " bits; AWS IoT signs keys of "
                        + MIN_RSA_BITS + " bits or more");
            }
            return key;
        }
        if (key instanceof ECPublicKey) {
            return key;
        }
        throw invalid("the CSR's key is " + key.getAlgorithm() + "; AWS IoT signs RSA and EC keys");
    }

    private static RejectedRequest invalid(String message) {
        return new RejectedRequest(FleetRejection.invalidCsr(message));
    }
}
