package io.dmkit.pki;

/**
 * The algorithm of a generated private key and the PEM form it is written in: the four forms a
 * gateway's key file is found in (OpenSSL writes PKCS#1 and SEC1 by default, most tools PKCS#8).
 */
public enum KeyKind {
    /** RSA 2048, {@code -----BEGIN PRIVATE KEY-----} (PKCS#8). */
    RSA_PKCS8("RSA", "PRIVATE KEY"),
    /** RSA 2048, {@code -----BEGIN RSA PRIVATE KEY-----} (PKCS#1). */
    RSA_PKCS1("RSA", "RSA PRIVATE KEY"),
    /** EC P-256, {@code -----BEGIN PRIVATE KEY-----} (PKCS#8). */
    EC_PKCS8("EC", "PRIVATE KEY"),
    /** EC P-256, {@code -----BEGIN EC PRIVATE KEY-----} (SEC1, with the curve and public key, as OpenSSL writes it). */
    EC_SEC1("EC", "EC PRIVATE KEY");

    private final String algorithm;
    private final String pemLabel;

    KeyKind(String algorithm, String pemLabel) {
        this.algorithm = algorithm;
        this.pemLabel = pemLabel;
    }

    /** The JCA key algorithm: {@code RSA} or {@code EC}. */
    public String algorithm() {
        return algorithm;
    }

    /** The label between {@code -----BEGIN } and {@code -----} in the key file. */
    public String pemLabel() {
        return pemLabel;
    }
}
