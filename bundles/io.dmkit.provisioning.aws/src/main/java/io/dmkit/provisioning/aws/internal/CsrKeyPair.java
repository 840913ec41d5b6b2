package io.dmkit.provisioning.aws.internal;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.bouncycastle.util.io.pem.PemGenerationException;

/**
 * A thing's key pair generated on the gateway (EC P-256, which AWS IoT signs) and its certificate
 * signing request (PKCS#10, signed with the private key: the proof that the gateway holds it). The
 * private key leaves this object only as the PEM written to the owner-only key file.
 */
final class CsrKeyPair {

    private final KeyPair keys;
    private final String csrPem;

    private CsrKeyPair(KeyPair keys, String csrPem) {
        this.keys = keys;
        this.csrPem = csrPem;
    }

    /**
     * @param commonName the request's subject; AWS IoT ignores it (its certificates say "AWS IoT
     *                   Certificate"), so it only helps people reading the request
     */
    static CsrKeyPair generate(String commonName) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair keys = generator.generateKeyPair();
            X500Principal subject = new X500Principal("CN=" + commonName);
            PKCS10CertificationRequest request = new JcaPKCS10CertificationRequestBuilder(subject, keys.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
            return new CsrKeyPair(keys, pem(request));
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("this JVM cannot make an EC P-256 key pair and its CSR: " + e.getMessage(), e);
        }
    }

    /** The PEM {@code CERTIFICATE REQUEST}, as CreateCertificateFromCsr takes it. */
    String csrPem() {
        return csrPem;
    }

    PublicKey publicKey() {
        return keys.getPublic();
    }

    PrivateKey privateKey() {
        return keys.getPrivate();
    }

    /** The private key as PKCS#8 PEM, for the owner-only key file only. */
    String privateKeyPem() {
        try {
            return pem(new JcaPKCS8Generator(keys.getPrivate(), null).generate());
        } catch (PemGenerationException e) {
            throw new IllegalStateException("cannot encode the EC private key as PKCS#8", e);
        }
    }

    private static String pem(Object object) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return text.toString();
    }

    /** Never the key. */
    @Override
    public String toString() {
        return "CsrKeyPair[EC P-256]";
    }
}
