package io.dmkit.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LocalPkiTest {

    @TempDir
    static Path dir;

    static LocalPki pki;
    static LocalPki other;

    @BeforeAll
    static void generate() {
        pki = LocalPki.create(dir.resolve("pki"));
        other = LocalPki.other(dir.resolve("other"));
    }

    @Test
    void serverCertificateIsForLocalhostAndChainsToTheCa() throws Exception {
        X509Certificate server = readCertificate(pki.serverCert());

        assertThat(server).isEqualTo(pki.serverCertificate());
        assertThat(validates(server, pki.caCertificate())).isTrue();
        assertThat(server.getSubjectAlternativeNames())
                .containsExactlyInAnyOrder(List.of(2, "localhost"), List.of(7, "127.0.0.1"));
        assertThat(server.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(server.getSigAlgName()).isEqualTo("SHA256withRSA");
        server.checkValidity();
    }

    @Test
    void caCertificateFileHoldsTheSelfSignedCa() throws Exception {
        X509Certificate ca = readCertificate(pki.caCert());

        assertThat(ca).isEqualTo(pki.caCertificate());
        assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        ca.verify(ca.getPublicKey());
        assertThat(Files.readString(pki.caCert())).isEqualTo(pki.caCertPem()).startsWith("-----BEGIN CERTIFICATE-----\n");
    }

    @Test
    void serverKeyIsAPkcs8KeyMatchingTheServerCertificate() throws Exception {
        assertThat(pki.serverKeyPem()).startsWith("-----BEGIN PRIVATE KEY-----\n");
        PrivateKey key = parseKey(Files.readString(pki.serverKey()));
        assertThat(signsFor(key, pki.serverCertificate())).isTrue();
    }

    @ParameterizedTest
    @EnumSource(KeyKind.class)
    void clientCertificateChainsToTheCaAndItsKeyFileParsesInTheRequestedForm(KeyKind kind) throws Exception {
        ClientCredentials client = pki.client("device-" + kind, kind);

        X509Certificate cert = readCertificate(client.cert());
        assertThat(cert).isEqualTo(client.certificate());
        assertThat(validates(cert, pki.caCertificate())).isTrue();
        assertThat(cert.getSubjectX500Principal().getName()).startsWith("CN=device-" + kind);
        assertThat(cert.getPublicKey().getAlgorithm()).isEqualTo(kind.algorithm());

        String pem = Files.readString(client.key(), StandardCharsets.US_ASCII);
        assertThat(pem).isEqualTo(client.keyPem()).startsWith("-----BEGIN " + kind.pemLabel() + "-----\n");
        PrivateKey key = parseKey(pem);
        assertThat(key.getAlgorithm()).isEqualTo(kind.algorithm());
        assertThat(signsFor(key, cert)).isTrue();
    }

    @Test
    void sec1KeyCarriesItsCurveSoItStandsAlone() throws Exception {
        try (PEMParser parser = new PEMParser(new StringReader(pki.client("ec", KeyKind.EC_SEC1).keyPem()))) {
            PEMKeyPair pair = (PEMKeyPair) parser.readObject();
            assertThat(pair.getPrivateKeyInfo().getPrivateKeyAlgorithm().getParameters().toString())
                    .isEqualTo("1.2.840.10045.3.1.7"); // prime256v1
            assertThat(pair.getPublicKeyInfo()).isNotNull();
        }
    }

    @Test
    void clientCertificateOfTheOtherCaDoesNotChainToTheFirst() throws Exception {
        ClientCredentials stranger = other.client("stranger", KeyKind.EC_PKCS8);

        assertThat(validates(stranger.certificate(), other.caCertificate())).isTrue();
        assertThat(validates(stranger.certificate(), pki.caCertificate())).isFalse();
        assertThat(stranger.certificate().getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(other.caCertificate().getSubjectX500Principal())
                .isNotEqualTo(pki.caCertificate().getSubjectX500Principal());
    }

    @Test
    void expiredClientCertificateIsExpired() {
        ClientCredentials expired = pki.expiredClient("late", KeyKind.RSA_PKCS8);

        assertThatThrownBy(() -> expired.certificate().checkValidity()).isInstanceOf(CertificateExpiredException.class);
        assertThat(expired.cert().getFileName().toString()).contains("expired");
    }

    @Test
    void toStringNeverShowsTheKey() {
        ClientCredentials client = pki.client("quiet", KeyKind.RSA_PKCS1);
        String body = client.keyPem().split("\n")[1];

        assertThat(client.toString()).contains("quiet").doesNotContain(body).doesNotContain("PRIVATE");
    }

    private static X509Certificate readCertificate(Path file) throws Exception {
        try (var in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private static PrivateKey parseKey(String pem) throws Exception {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object parsed = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (parsed instanceof PEMKeyPair) {
                return converter.getKeyPair((PEMKeyPair) parsed).getPrivate();
            }
            return converter.getPrivateKey((PrivateKeyInfo) parsed);
        }
    }

    /** True if a signature made with {@code key} verifies with the certificate's public key. */
    private static boolean signsFor(PrivateKey key, X509Certificate cert) throws Exception {
        String algorithm = "EC".equals(key.getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
        byte[] data = "proof".getBytes(StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(key);
        signer.update(data);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(cert.getPublicKey());
        verifier.update(data);
        return verifier.verify(signature);
    }

    private static boolean validates(X509Certificate cert, X509Certificate ca) throws Exception {
        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
        params.setRevocationEnabled(false);
        try {
            CertPathValidator.getInstance("PKIX").validate(
                    CertificateFactory.getInstance("X.509").generateCertPath(List.of(cert)), params);
            return true;
        } catch (CertPathValidatorException e) {
            return false;
        }
    }
}
