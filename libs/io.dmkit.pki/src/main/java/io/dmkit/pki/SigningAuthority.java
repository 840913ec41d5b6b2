package io.dmkit.pki;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;

/**
 * An intermediate CA issued by a {@link LocalPki}'s CA and kept in two files (its certificate, and its
 * private key readable by the owner only): it signs client certificates whose chain
 * (client, this CA) a listener trusting the root verifies. Azure DPS's X.509 enrollment groups are
 * such a signing CA. {@link #toString()} never shows the key.
 */
public final class SigningAuthority {

    private static final Duration BACKDATE = Duration.ofHours(1);
    private static final Duration VALIDITY = Duration.ofDays(365);

    private final CertificateIssuer issuer;
    private final Path certFile;
    private final Path keyFile;

    SigningAuthority(CertificateIssuer issuer, Path certFile, Path keyFile) {
        this.issuer = issuer;
        this.certFile = certFile;
        this.keyFile = keyFile;
    }

    /**
     * A signing CA written earlier by {@link LocalPki#signingAuthority}.
     *
     * @throws IllegalStateException if the files cannot be read as a certificate and its key
     */
    public static SigningAuthority load(Path certFile, Path keyFile) {
        return new SigningAuthority(CertificateIssuer.load(certFile, keyFile), certFile, keyFile);
    }

    /**
     * A client certificate for {@code commonName}, valid from an hour ago for a year, signed by this CA,
     * written to {@code certFile} and its new key to {@code keyFile} (owner-only).
     */
    public ClientCredentials client(String commonName, KeyKind kind, Path certFile, Path keyFile) {
        Instant now = Instant.now();
        return IssuedFiles.client(issuer, commonName, kind, now.minus(BACKDATE), now.plus(VALIDITY), certFile, keyFile,
                true);
    }

    public X509Certificate certificate() {
        return issuer.certificate();
    }

    public String certificatePem() {
        return IssuedFiles.pem(issuer.certificate());
    }

    /** The PEM file holding this CA's certificate. */
    public Path certFile() {
        return certFile;
    }

    /** The PEM file holding this CA's private key (PKCS#8). */
    public Path keyFile() {
        return keyFile;
    }

    @Override
    public String toString() {
        return "SigningAuthority[" + issuer.certificate().getSubjectX500Principal().getName() + ", " + certFile + "]";
    }
}
