package io.dmkit.emulator.internal.fleet;

import java.io.IOException;
import java.io.StringReader;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

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
        JcaPKCS10CertificationRequest request = parse(pem);
        try {
            if (!request.isSignatureValid(new JcaContentVerifierProviderBuilder().build(request.getSubjectPublicKeyInfo()))) {
                throw invalid("the CSR's signature does not verify with the public key it carries");
            }
            return acceptable(request.getPublicKey());
        } catch (OperatorCreationException | PKCSException | java.security.GeneralSecurityException
                | IllegalArgumentException e) {
            throw invalid("the CSR's key or signature algorithm cannot be used (" + e.getMessage() + ")");
        }
    }

    private static JcaPKCS10CertificationRequest parse(String pem) throws RejectedRequest {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object object = parser.readObject();
            if (!(object instanceof PKCS10CertificationRequest request)) {
                throw invalid("the CSR is not a PEM \"CERTIFICATE REQUEST\" (PKCS#10)");
            }
            if (parser.readObject() != null) {
                throw invalid("the CSR holds more than one PEM object");
            }
            return new JcaPKCS10CertificationRequest(request);
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
