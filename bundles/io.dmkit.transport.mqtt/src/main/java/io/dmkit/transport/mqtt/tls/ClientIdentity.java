package io.dmkit.transport.mqtt.tls;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

import io.dmkit.api.InvalidConfigurationException;

/**
 * The certificate chain and private key a device presents for mutual TLS. {@link #toString()}
 * shows the subject, never the key.
 */
public final class ClientIdentity {

    private final List<X509Certificate> chain;
    private final PrivateKey key;

    private ClientIdentity(List<X509Certificate> chain, PrivateKey key) {
        this.chain = chain;
        this.key = key;
    }

    /**
     * An identity from a chain (device certificate first, then any intermediates) and the device
     * certificate's private key.
     *
     * @throws IllegalArgumentException if the chain is empty or the key does not belong to its first certificate
     */
    public static ClientIdentity of(List<X509Certificate> chain, PrivateKey key) {
        Objects.requireNonNull(chain, "chain");
        Objects.requireNonNull(key, "key");
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a client identity needs at least one certificate");
        }
        if (!belongsTo(key, chain.get(0).getPublicKey())) {
            throw new IllegalArgumentException("the private key does not belong to the certificate "
                    + chain.get(0).getSubjectX500Principal().getName());
        }
        return new ClientIdentity(List.copyOf(chain), key);
    }

    /**
     * Reads an identity from two configuration attributes, each a PEM file path or PEM text.
     *
     * @throws InvalidConfigurationException naming {@code certAttribute} or {@code keyAttribute}
     *         if either cannot be read, or {@code keyAttribute} if the key is not the certificate's
     */
    public static ClientIdentity read(String certAttribute, String certPathOrPem, String keyAttribute,
            String keyPathOrPem) {
        List<X509Certificate> chain = PemReader.certificates(certAttribute, certPathOrPem);
        PrivateKey key = PemReader.privateKey(keyAttribute, keyPathOrPem);
        if (!belongsTo(key, chain.get(0).getPublicKey())) {
            throw new InvalidConfigurationException(keyAttribute, "does not belong to the certificate in "
                    + certAttribute + " (" + chain.get(0).getSubjectX500Principal().getName()
                    + "); give the key that certificate was issued for");
        }
        return new ClientIdentity(chain, key);
    }

    /** The device certificate followed by any intermediates. */
    public List<X509Certificate> chain() {
        return chain;
    }

    public PrivateKey key() {
        return key;
    }

    @Override
    public String toString() {
        return "ClientIdentity[" + chain.get(0).getSubjectX500Principal().getName() + ", " + key.getAlgorithm()
                + " key]";
    }

    /**
     * Signs a fixed text with the private key and verifies it with the certificate's public key:
     * the one test that works for every key type without comparing algorithm-specific parameters.
     */
    private static boolean belongsTo(PrivateKey key, PublicKey publicKey) {
        if (!key.getAlgorithm().equals(publicKey.getAlgorithm())) {
            return false;
        }
        String algorithm;
        switch (key.getAlgorithm()) {
            case "RSA":
                algorithm = "SHA256withRSA";
                break;
            case "EC":
                algorithm = "SHA256withECDSA";
                break;
            default:
                algorithm = key.getAlgorithm(); // Ed25519, Ed448: the algorithm name is the signature name
        }
        byte[] probe = "dmkit key check".getBytes(StandardCharsets.US_ASCII);
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
