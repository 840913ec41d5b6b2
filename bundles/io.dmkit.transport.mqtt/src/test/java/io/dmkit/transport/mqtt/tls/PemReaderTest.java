package io.dmkit.transport.mqtt.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;

import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.PBEParameterSpec;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.dmkit.api.InvalidConfigurationException;
import io.dmkit.pki.ClientCredentials;
import io.dmkit.pki.KeyKind;
import io.dmkit.pki.LocalPki;

class PemReaderTest {

    @TempDir
    static Path dir;

    static LocalPki pki;
    static LocalPki other;

    @BeforeAll
    static void generate() {
        pki = LocalPki.create(dir.resolve("pki"));
        other = LocalPki.other(dir.resolve("other"));
    }

    // ---- keys ---------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(KeyKind.class)
    void readsEachKeyFormFromAFile(KeyKind kind) {
        ClientCredentials device = pki.client("file-" + kind, kind);

        PrivateKey key = PemReader.privateKey("key", device.key().toString());

        assertThat(key.getAlgorithm()).isEqualTo(kind.algorithm());
        assertThat(sameKey(key, device.privateKey())).isTrue();
    }

    @ParameterizedTest
    @EnumSource(KeyKind.class)
    void readsEachKeyFormFromInlinePem(KeyKind kind) {
        ClientCredentials device = pki.client("inline-" + kind, kind);

        PrivateKey key = PemReader.privateKey("key", device.keyPem());

        assertThat(sameKey(key, device.privateKey())).isTrue();
    }

    @Test
    void keyValueThatIsNeitherPemNorAPathIsNotEchoedInTheError() {
        String secret = "c2VjcmV0LXN5bW1ldHJpYy1rZXktdmFsdWU=";
        assertThatThrownBy(() -> PemReader.privateKey("key", secret))
                .hasMessageStartingWith("key: cannot read the value given (not shown")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(secret));
        assertThatThrownBy(() -> PemReader.privateKey("key", "/no/such/device.key"))
                .hasMessage("key: cannot read /no/such/device.key: no such file");
    }

    @Test
    void readsASec1KeyPrecededByTheEcParametersBlockOpensslWrites() {
        ClientCredentials device = pki.client("ecparam", KeyKind.EC_SEC1);
        // what `openssl ecparam -name prime256v1 -genkey` prints before the key
        String pem = "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n" + device.keyPem();

        assertThat(sameKey(PemReader.privateKey("key", pem), device.privateKey())).isTrue();
    }

    @Test
    void readsTheKeyOutOfACombinedCertificateAndKeyFile() throws Exception {
        ClientCredentials device = pki.client("combined", KeyKind.RSA_PKCS1);
        Path combined = Files.writeString(dir.resolve("combined.pem"), device.certPem() + device.keyPem());

        assertThat(PemReader.privateKey("key", combined.toString()).getEncoded())
                .isEqualTo(device.privateKey().getEncoded());
        assertThat(PemReader.certificates("cert", combined.toString())).containsExactly(device.certificate());
    }

    @Test
    void toleratesWhiteSpaceAroundAPath() {
        ClientCredentials device = pki.client("spaces", KeyKind.EC_PKCS8);

        assertThat(PemReader.privateKey("key", "  " + device.key() + "\n")).isNotNull();
    }

    @Test
    void encryptedPkcs8KeyIsRefusedWithWhatToDo() throws Exception {
        ClientCredentials device = pki.client("encrypted", KeyKind.RSA_PKCS8);
        String pem = encryptedPkcs8(device.privateKey());

        assertThatThrownBy(() -> PemReader.privateKey("key", pem))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("key: the inline PEM is an encrypted private key; dmkit needs an unencrypted PKCS#8 or PKCS#1 key"
                        + " (decrypt it with: openssl pkey -in KEY -out KEY.plain)")
                .extracting(e -> ((InvalidConfigurationException) e).attribute()).isEqualTo("key");
    }

    @Test
    void legacyEncryptedPkcs1KeyIsRefusedToo() throws Exception {
        // the layout `openssl genrsa -aes128` writes; the body is never decrypted, so random bytes do
        byte[] body = new byte[1200];
        new SecureRandom().nextBytes(body);
        String pem = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n"
                + "DEK-Info: AES-128-CBC,0123456789ABCDEF0123456789ABCDEF\n\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(body) + "\n-----END RSA PRIVATE KEY-----\n";
        Path file = Files.writeString(dir.resolve("legacy.key"), pem);

        assertThatThrownBy(() -> PemReader.privateKey("key", file.toString()))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith("key: " + file + " is an encrypted private key");
    }

    @Test
    void missingKeyFileIsNamedWithNoSuchFile() {
        Path missing = dir.resolve("nowhere/device.key");

        assertThatThrownBy(() -> PemReader.privateKey("key", missing.toString()))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("key: cannot read " + missing + ": no such file");
    }

    @Test
    void directoryIsNotAFile() {
        assertThatThrownBy(() -> PemReader.certificates("root.ca", dir.toString()))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("root.ca: cannot read " + dir + ": is a directory");
    }

    @Test
    void emptyAttributeSaysSo() {
        assertThatThrownBy(() -> PemReader.privateKey("key", "  "))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("key: is empty; give a PEM file path or the PEM text itself");
    }

    @Test
    void certificateGivenAsKeyIsPointedOut() {
        assertThatThrownBy(() -> PemReader.privateKey("key", pki.caCert().toString()))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("key: " + pki.caCert() + " contains no private key"
                        + " (it holds a certificate: was the certificate file given instead of the key?)");
    }

    @Test
    void twoKeysAreAmbiguous() {
        String two = pki.client("a", KeyKind.EC_PKCS8).keyPem() + pki.client("b", KeyKind.EC_PKCS8).keyPem();

        assertThatThrownBy(() -> PemReader.privateKey("key", two))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("key: the inline PEM contains more than one private key; give exactly one");
    }

    @Test
    void corruptKeyIsReportedWithoutItsContent() {
        String pem = pki.client("corrupt", KeyKind.RSA_PKCS8).keyPem();
        String[] lines = pem.split("\n");
        String body = lines[3];
        // cut the DER short: the base64 is valid, the ASN.1 structure is not
        String corrupt = lines[0] + "\n" + lines[1] + "\n" + lines[2] + "\n" + lines[lines.length - 1] + "\n";

        assertThatThrownBy(() -> PemReader.privateKey("key", corrupt))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith("key: the inline PEM is not a valid PEM private key")
                .message().doesNotContain(lines[1]).doesNotContain(lines[2]).doesNotContain(body);
    }

    @Test
    void binaryFileGetsTheDerHint() throws Exception {
        Path der = Files.write(dir.resolve("device.der"), pki.client("der", KeyKind.RSA_PKCS8).privateKey().getEncoded());

        assertThatThrownBy(() -> PemReader.privateKey("key", der.toString()))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("contains no private key (no -----BEGIN line: DER or other binary files are not supported");
    }

    // ---- certificates -------------------------------------------------------------------------

    @Test
    void readsOneCertificateFromAFile() {
        assertThat(PemReader.certificates("root.ca", pki.caCert().toString())).containsExactly(pki.caCertificate());
    }

    @Test
    void readsEveryCertificateOfABundleInOrder() throws Exception {
        Path bundle = Files.writeString(dir.resolve("bundle.pem"),
                "# two roots\n" + pki.caCertPem() + "\n" + other.caCertPem());

        List<X509Certificate> certificates = PemReader.certificates("root.ca", bundle.toString());

        assertThat(certificates).containsExactly(pki.caCertificate(), other.caCertificate());
    }

    @Test
    void readsInlineCertificatePem() {
        assertThat(PemReader.certificates("cert", pki.serverCertPem())).containsExactly(pki.serverCertificate());
    }

    @Test
    void keyGivenAsCertificateIsPointedOut() {
        ClientCredentials device = pki.client("swapped", KeyKind.EC_SEC1);

        assertThatThrownBy(() -> PemReader.certificates("cert", device.key().toString()))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("cert: " + device.key() + " contains no certificate"
                        + " (it holds a private key: was the key file given instead of the certificate?)")
                .message().doesNotContain(device.keyPem().split("\n")[1]);
    }

    @Test
    void textWithoutPemBlockContainsNoCertificate() throws Exception {
        Path notes = Files.writeString(dir.resolve("notes.txt"), "just some text\n");

        assertThatThrownBy(() -> PemReader.certificates("root.ca", notes.toString()))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith("root.ca: " + notes + " contains no certificate (no -----BEGIN line");
    }

    @Test
    void corruptCertificateNamesItsPosition() {
        String broken = pki.caCertPem() + "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";

        assertThatThrownBy(() -> PemReader.certificates("root.ca", broken))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith("root.ca: the inline PEM is not valid PEM: certificate number 2 cannot be parsed");
    }

    /** A PKCS#8 EncryptedPrivateKeyInfo made with the JDK alone (PKCS#12 PBE, SHA-1 and 3DES: any scheme will do). */
    private static String encryptedPkcs8(PrivateKey key) throws Exception {
        String algorithm = "PBEWithSHA1AndDESede";
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        SecretKey secret = SecretKeyFactory.getInstance(algorithm).generateSecret(new PBEKeySpec("pw".toCharArray()));
        Cipher cipher = Cipher.getInstance(algorithm);
        cipher.init(Cipher.ENCRYPT_MODE, secret, new PBEParameterSpec(salt, 10_000));
        byte[] der = new EncryptedPrivateKeyInfo(cipher.getParameters(), cipher.doFinal(key.getEncoded())).getEncoded();
        return "-----BEGIN ENCRYPTED PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END ENCRYPTED PRIVATE KEY-----\n";
    }

    /**
     * Same key material: a SEC1 file carries the curve and public key, so its PKCS#8 re-encoding
     * differs from the JDK's minimal one; compare the private value instead.
     */
    private static boolean sameKey(PrivateKey a, PrivateKey b) {
        if (a instanceof ECPrivateKey && b instanceof ECPrivateKey) {
            return ((ECPrivateKey) a).getS().equals(((ECPrivateKey) b).getS());
        }
        return java.util.Arrays.equals(a.getEncoded(), b.getEncoded());
    }
}
