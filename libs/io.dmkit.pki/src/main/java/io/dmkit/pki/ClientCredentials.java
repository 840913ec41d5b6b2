package io.dmkit.pki;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/**
 * A client certificate and its private key, as files and as PEM text. {@link #toString()} never
 * shows the key.
 */
public final class ClientCredentials {

    private final String commonName;
    private final KeyKind keyKind;
    private final X509Certificate certificate;
    private final PrivateKey privateKey;
    private final Path cert;
    private final Path key;
    private final String certPem;
    private final String keyPem;

    ClientCredentials(String commonName, KeyKind keyKind, X509Certificate certificate, PrivateKey privateKey,
            Path cert, Path key, String certPem, String keyPem) {
        this.commonName = commonName;
        this.keyKind = keyKind;
        this.certificate = certificate;
        this.privateKey = privateKey;
        this.cert = cert;
        this.key = key;
        this.certPem = certPem;
        this.keyPem = keyPem;
    }

    /** The certificate's CN; a mutual-TLS listener takes it as the MQTT user name. */
    public String commonName() {
        return commonName;
    }

    public KeyKind keyKind() {
        return keyKind;
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    /** The PEM file holding the certificate. */
    public Path cert() {
        return cert;
    }

    /** The PEM file holding the private key, in the form {@link #keyKind()} names. */
    public Path key() {
        return key;
    }

    public String certPem() {
        return certPem;
    }

    public String keyPem() {
        return keyPem;
    }

    @Override
    public String toString() {
        return "ClientCredentials[CN=" + commonName + ", " + keyKind + ", cert=" + cert + "]";
    }
}
