package io.dmkit.pki;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Objects;

/** Issues a client certificate with a new key and writes both as PEM files: what every issuer here shares. */
final class IssuedFiles {

    private IssuedFiles() {
    }

    /**
     * @param ownerOnlyKey whether the key file is created readable by its owner only (where POSIX
     *        permissions exist); the test PKI's throw-away keys are not
     */
    static ClientCredentials client(CertificateIssuer issuer, String commonName, KeyKind kind, Instant notBefore,
            Instant notAfter, Path certFile, Path keyFile, boolean ownerOnlyKey) {
        Objects.requireNonNull(commonName, "commonName");
        Objects.requireNonNull(kind, "kind");
        KeyPair keys = Keys.generate(kind.algorithm());
        X509Certificate certificate = issuer.issueClient(commonName, keys.getPublic(), notBefore, notAfter);
        String certPem = pem(certificate);
        String keyPem = KeyEncoder.pem(keys, kind);
        write(certFile, certPem, false);
        write(keyFile, keyPem, ownerOnlyKey);
        return new ClientCredentials(commonName, kind, certificate, keys.getPrivate(), certFile, keyFile, certPem,
                keyPem);
    }

    static String pem(X509Certificate certificate) {
        try {
            return Pem.encode("CERTIFICATE", certificate.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encode a generated certificate", e);
        }
    }

    /** Writes {@code content}, replacing the file; a secret's file is created owner-only before anything is in it. */
    static Path write(Path file, String content, boolean ownerOnly) {
        try {
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            if (ownerOnly) {
                Files.deleteIfExists(file);
                try {
                    Files.createFile(file,
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                } catch (UnsupportedOperationException e) {
                    Files.createFile(file);
                }
            }
            return Files.writeString(file, content, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
