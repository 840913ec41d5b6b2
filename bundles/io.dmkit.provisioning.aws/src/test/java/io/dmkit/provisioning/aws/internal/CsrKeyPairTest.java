package io.dmkit.provisioning.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmkit.transport.mqtt.tls.PemReader;
import java.io.StringReader;
import java.security.interfaces.ECPublicKey;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.junit.jupiter.api.Test;

class CsrKeyPairTest {

    @Test
    void theRequestIsPkcs10OfAnEcP256KeySignedWithItsPrivateKey() throws Exception {
        CsrKeyPair keys = CsrKeyPair.generate("line-1");
        assertThat(keys.csrPem()).startsWith("-----BEGIN CERTIFICATE REQUEST-----");
        JcaPKCS10CertificationRequest request;
        try (PEMParser parser = new PEMParser(new StringReader(keys.csrPem()))) {
            request = new JcaPKCS10CertificationRequest((PKCS10CertificationRequest) parser.readObject());
        }
        assertThat(request.isSignatureValid(new JcaContentVerifierProviderBuilder().build(keys.publicKey())))
                .isTrue();
        assertThat(request.getSubject().toString()).isEqualTo("CN=line-1");
        assertThat(request.getSubjectPublicKeyInfo().getEncoded()).isEqualTo(keys.publicKey().getEncoded());
        assertThat(((ECPublicKey) keys.publicKey()).getParams().getCurve().getField().getFieldSize()).isEqualTo(256);
    }

    @Test
    void theKeyFileHoldsThePrivateKeyOfTheRequest() {
        CsrKeyPair keys = CsrKeyPair.generate("line-1");
        assertThat(keys.privateKeyPem()).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(PemReader.privateKey("key", keys.privateKeyPem())).isEqualTo(keys.privateKey());
        assertThat(keys.toString()).isEqualTo("CsrKeyPair[EC P-256]");
    }

    @Test
    void eachAttemptHasAKeyOfItsOwn() {
        assertThat(CsrKeyPair.generate("a").publicKey()).isNotEqualTo(CsrKeyPair.generate("a").publicKey());
    }
}
