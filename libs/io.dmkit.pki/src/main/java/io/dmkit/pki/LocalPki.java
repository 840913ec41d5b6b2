package io.dmkit.pki;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import org.bouncycastle.asn1.x509.GeneralName;

/**
 * A private PKI for servers on this machine, generated with Bouncy Castle into a directory: a
 * self-signed CA, a server certificate for {@code DNS:localhost} and {@code IP:127.0.0.1} signed by
 * it, and client certificates on request. Certificates are valid from an hour ago (clock skew between
 * the JVM and the broker does not matter) for a year, unless an expired one is asked for.
 *
 * <p>The emulator keeps its CA across runs ({@link #openOrCreate(Path, String)}); tests make a
 * throw-away one: {@link #create(Path)} an RSA CA, {@link #other(Path)} an unrelated EC CA whose
 * client certificates a listener of the first must refuse. Between them both signature algorithms
 * (SHA256withRSA, SHA256withECDSA) are exercised.
 *
 * <p>Files: {@code ca.crt}, {@code server.crt}, {@code server.key} (PKCS#8 RSA), and per client
 * {@code client-<cn>-<kind>.crt/.key}. Private key files are readable by their owner only where the
 * file system has POSIX permissions.
 */
public final class LocalPki {

    private static final Duration BACKDATE = Duration.ofHours(1);
    private static final Duration VALIDITY = Duration.ofDays(365);

    private final Path dir;
    private final CertificateIssuer ca;
    private final Path caCert;
    private final String caCertPem;
    private final X509Certificate serverCertificate;
    private final Path serverCert;
    private final String serverCertPem;
    private final Path serverKey;
    private final String serverKeyPem;
    private final PrivateKey serverPrivateKey;

    private LocalPki(Path dir, CertificateIssuer ca) {
        this.dir = dir;
        Instant now = Instant.now();
        this.ca = ca;
        this.caCertPem = pem(ca.certificate());
        this.caCert = write("ca.crt", caCertPem);

        KeyPair serverKeys = Keys.generate("RSA");
        this.serverCertificate = ca.issueServer("localhost", serverKeys.getPublic(), now.minus(BACKDATE),
                now.plus(VALIDITY), new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
        this.serverCertPem = pem(serverCertificate);
        this.serverCert = write("server.crt", serverCertPem);
        this.serverKeyPem = KeyEncoder.pem(serverKeys, KeyKind.RSA_PKCS8);
        this.serverKey = writeSecret("server.key", serverKeyPem);
        this.serverPrivateKey = serverKeys.getPrivate();
    }

    /** A new PKI with an RSA CA ("dmkit test CA"), written into {@code dir} (created if missing). */
    public static LocalPki create(Path dir) {
        return new LocalPki(prepare(dir), newCa("dmkit test CA", "RSA"));
    }

    /**
     * The PKI kept in {@code dir}: its CA is loaded from {@code ca.crt} and {@code ca.key} when both
     * exist, otherwise a new RSA CA ("{@code caName}", valid ten years) is created and its key written
     * to {@code ca.key} (owner-only permissions where the file system has them). The server
     * certificate is issued afresh each time; client certificates issued earlier stay valid.
     */
    public static LocalPki openOrCreate(Path dir, String caName) {
        Path prepared = prepare(dir);
        Path caKey = prepared.resolve("ca.key");
        if (Files.isRegularFile(caKey) && Files.isRegularFile(prepared.resolve("ca.crt"))) {
            return new LocalPki(prepared, CertificateIssuer.load(prepared.resolve("ca.crt"), caKey));
        }
        Instant now = Instant.now();
        CertificateIssuer ca = CertificateIssuer.selfSigned(caName, "RSA", now.minus(BACKDATE),
                now.plus(Duration.ofDays(3650)));
        ca.writeKey(caKey);
        return new LocalPki(prepared, ca);
    }

    /**
     * A second PKI with an unrelated EC CA ("dmkit other CA"): its client certificates are "wrong"
     * for a listener using {@link #create(Path)}'s CA, and its CA does not trust that server.
     */
    public static LocalPki other(Path dir) {
        return new LocalPki(prepare(dir), newCa("dmkit other CA", "EC"));
    }

    /** A client certificate for {@code commonName}, valid now, with a key of the given kind. */
    public ClientCredentials client(String commonName, KeyKind kind) {
        Instant now = Instant.now();
        return client(commonName, kind, now.minus(BACKDATE), now.plus(VALIDITY), "");
    }

    /** A client certificate that expired a day ago (valid for the day before that). */
    public ClientCredentials expiredClient(String commonName, KeyKind kind) {
        Instant now = Instant.now();
        return client(commonName, kind, now.minus(Duration.ofDays(2)), now.minus(Duration.ofDays(1)), "-expired");
    }

    private ClientCredentials client(String commonName, KeyKind kind, Instant notBefore, Instant notAfter,
            String suffix) {
        Objects.requireNonNull(commonName, "commonName");
        String base = "client-" + commonName.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + kind + suffix;
        return IssuedFiles.client(ca, commonName, kind, notBefore, notAfter, dir.resolve(base + ".crt"),
                dir.resolve(base + ".key"), true);
    }

    /**
     * A client certificate for {@code commonName} signed by this CA, valid now, written to the files the
     * caller names (the key owner-only): for certificates whose files belong to something else than
     * this PKI's directory, such as a provisioning enrollment.
     */
    public ClientCredentials client(String commonName, KeyKind kind, Path certFile, Path keyFile) {
        Instant now = Instant.now();
        return IssuedFiles.client(ca, commonName, kind, now.minus(BACKDATE), now.plus(VALIDITY), certFile, keyFile,
                true);
    }

    /**
     * A new intermediate CA ({@code commonName}, RSA) signed by this PKI's CA, valid from an hour ago for
     * ten years, its certificate written to {@code certFile} and its key to {@code keyFile} (owner-only).
     */
    public SigningAuthority signingAuthority(String commonName, Path certFile, Path keyFile) {
        Instant now = Instant.now();
        CertificateIssuer intermediate = ca.issueIntermediate(commonName, "RSA", now.minus(BACKDATE),
                now.plus(Duration.ofDays(3650)));
        IssuedFiles.write(certFile, IssuedFiles.pem(intermediate.certificate()), false);
        intermediate.writeKey(keyFile);
        return new SigningAuthority(intermediate, certFile, keyFile);
    }

    /**
     * A client certificate for a public key whose private key someone else holds (a certificate
     * signing request's), valid now for a year. Nothing is written.
     */
    public X509Certificate issueClient(String commonName, PublicKey publicKey) {
        Objects.requireNonNull(commonName, "commonName");
        Objects.requireNonNull(publicKey, "publicKey");
        Instant now = Instant.now();
        return ca.issueClient(commonName, publicKey, now.minus(BACKDATE), now.plus(VALIDITY));
    }

    /** A new key pair of the kind's algorithm (RSA 2048 or EC P-256), in memory only. */
    public static KeyPair generateKeyPair(KeyKind kind) {
        return Keys.generate(kind.algorithm());
    }

    /** The private key of {@code keyPair} as PEM text in the form {@code kind} names. */
    public static String privateKeyPem(KeyPair keyPair, KeyKind kind) {
        return KeyEncoder.pem(keyPair, kind);
    }

    /** A certificate as PEM text. */
    public static String pem(X509Certificate certificate) {
        return IssuedFiles.pem(certificate);
    }

    public Path dir() {
        return dir;
    }

    public X509Certificate caCertificate() {
        return ca.certificate();
    }

    /** The CA certificate's PEM file: what a client trusts and a mutual-TLS listener's {@code cafile}. */
    public Path caCert() {
        return caCert;
    }

    public String caCertPem() {
        return caCertPem;
    }

    public X509Certificate serverCertificate() {
        return serverCertificate;
    }

    public Path serverCert() {
        return serverCert;
    }

    public String serverCertPem() {
        return serverCertPem;
    }

    /** The server's private key (PKCS#8 RSA PEM). */
    public Path serverKey() {
        return serverKey;
    }

    /** The server's private key, for a key store (HiveMQ's listeners take PKCS#12, not PEM). */
    public PrivateKey serverPrivateKey() {
        return serverPrivateKey;
    }

    public String serverKeyPem() {
        return serverKeyPem;
    }

    @Override
    public String toString() {
        return "LocalPki[" + ca.certificate().getSubjectX500Principal().getName() + ", " + dir + "]";
    }

    private static CertificateIssuer newCa(String name, String keyAlgorithm) {
        Instant now = Instant.now();
        return CertificateIssuer.selfSigned(name, keyAlgorithm, now.minus(BACKDATE), now.plus(VALIDITY));
    }

    private static Path prepare(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the PKI directory " + dir, e);
        }
    }

    private Path write(String fileName, String content) {
        Path file = dir.resolve(fileName);
        try {
            return Files.writeString(file, content, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private Path writeSecret(String fileName, String content) {
        return IssuedFiles.write(dir.resolve(fileName), content, true);
    }
}
