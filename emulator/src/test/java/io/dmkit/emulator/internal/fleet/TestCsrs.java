package io.dmkit.emulator.internal.fleet;

import java.io.StringWriter;
import java.security.KeyPair;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** Certificate signing requests as a device makes them, for the fleet provisioning tests. */
public final class TestCsrs {

    private TestCsrs() {
    }

    /** A PEM PKCS#10 request for {@code subjectKey}, signed with {@code signingKey} (the same one, unless forged). */
    public static String csr(KeyPair subjectKey, KeyPair signingKey) throws Exception {
        String algorithm = "EC".equals(signingKey.getPrivate().getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
        var request = new JcaPKCS10CertificationRequestBuilder(new X500Principal("CN=device"), subjectKey.getPublic())
                .build(new JcaContentSignerBuilder(algorithm).build(signingKey.getPrivate()));
        StringWriter pem = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
            writer.writeObject(request);
        }
        return pem.toString();
    }
}
