package io.dmkit.transport.mqtt.tls;

import java.io.IOException;
import java.io.StringReader;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.X509TrustedCertificateBlock;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

import io.dmkit.api.InvalidConfigurationException;

/**
 * Reads X.509 certificates and unencrypted private keys from a configuration attribute that holds
 * either a PEM file path or the PEM text itself (text containing {@code -----BEGIN}).
 *
 * <p>Keys may be PKCS#8 ({@code PRIVATE KEY}), PKCS#1 ({@code RSA PRIVATE KEY}) or SEC1
 * ({@code EC PRIVATE KEY}, with or without the {@code EC PARAMETERS} block OpenSSL writes before
 * it). Every failure is an {@link InvalidConfigurationException} for the attribute the caller
 * names, saying what to fix; no message ever contains key material. The keys and certificates
 * are JDK objects (Bouncy Castle only parses; it is not registered as a JCA provider).
 */
public final class PemReader {

    private PemReader() {
    }

    /**
     * All certificates in the attribute, in file order: one for a device certificate, several for
     * a chain or a CA bundle. Other PEM blocks (a key in a combined file) are skipped.
     *
     * @throws InvalidConfigurationException if nothing can be read or no certificate is found
     */
    public static List<X509Certificate> certificates(String attribute, String pathOrPem) {
        String text = PemSource.text(attribute, pathOrPem);
        String source = PemSource.describe(pathOrPem);
        List<X509Certificate> certificates = new ArrayList<>();
        boolean sawPrivateKey = false;
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        try (PEMParser parser = new PEMParser(new StringReader(text))) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                if (object instanceof X509CertificateHolder) {
                    certificates.add(converter.getCertificate((X509CertificateHolder) object));
                } else if (object instanceof X509TrustedCertificateBlock) {
                    // OpenSSL's "TRUSTED CERTIFICATE": a certificate followed by trust settings dmkit ignores
                    certificates.add(converter.getCertificate(
                            ((X509TrustedCertificateBlock) object).getCertificateHolder()));
                } else if (isPrivateKey(object)) {
                    sawPrivateKey = true;
                }
            }
        } catch (IOException | CertificateException | RuntimeException e) {
            throw new InvalidConfigurationException(attribute, source + " is not valid PEM: certificate number "
                    + (certificates.size() + 1) + " cannot be parsed (" + e.getMessage() + ")", e);
        }
        if (certificates.isEmpty()) {
            throw new InvalidConfigurationException(attribute, source + " contains no certificate"
                    + (sawPrivateKey ? " (it holds a private key: was the key file given instead of the certificate?)"
                            : noPemHint(text)));
        }
        return List.copyOf(certificates);
    }

    /**
     * The one private key in the attribute. Certificates and {@code EC PARAMETERS} blocks in the
     * same text are skipped.
     *
     * @throws InvalidConfigurationException if nothing can be read, no key or more than one key is
     *         found, the key is encrypted, or it cannot be decoded
     */
    public static PrivateKey privateKey(String attribute, String pathOrPem) {
        String text = PemSource.text(attribute, pathOrPem, true);
        String source = PemSource.describe(pathOrPem, true);
        Object key = null;
        boolean sawCertificate = false;
        try (PEMParser parser = new PEMParser(new StringReader(text))) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                if (object instanceof PKCS8EncryptedPrivateKeyInfo || object instanceof PEMEncryptedKeyPair) {
                    throw new InvalidConfigurationException(attribute, source + " is an encrypted private key;"
                            + " dmkit needs an unencrypted PKCS#8 or PKCS#1 key"
                            + " (decrypt it with: openssl pkey -in KEY -out KEY.plain)");
                }
                if (object instanceof X509CertificateHolder || object instanceof X509TrustedCertificateBlock) {
                    sawCertificate = true;
                } else if (isPrivateKey(object)) {
                    if (key != null) {
                        throw new InvalidConfigurationException(attribute,
                                source + " contains more than one private key; give exactly one");
                    }
                    key = object;
                }
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidConfigurationException) {
                throw (InvalidConfigurationException) e;
            }
            // BC's messages describe the structure ("malformed sequence"), never the key bytes.
            throw new InvalidConfigurationException(attribute,
                    source + " is not a valid PEM private key (" + e.getMessage() + ")", e);
        }
        if (key == null) {
            throw new InvalidConfigurationException(attribute, source + " contains no private key"
                    + (sawCertificate ? " (it holds a certificate: was the certificate file given instead of the key?)"
                            : noPemHint(text)));
        }
        return convert(attribute, source, key);
    }

    private static boolean isPrivateKey(Object object) {
        return object instanceof PEMKeyPair || object instanceof PrivateKeyInfo
                || object instanceof PKCS8EncryptedPrivateKeyInfo || object instanceof PEMEncryptedKeyPair;
    }

    private static PrivateKey convert(String attribute, String source, Object key) {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try {
            if (key instanceof PEMKeyPair) {
                return converter.getKeyPair((PEMKeyPair) key).getPrivate();
            }
            return converter.getPrivateKey((PrivateKeyInfo) key);
        } catch (IOException | RuntimeException e) {
            throw new InvalidConfigurationException(attribute, source
                    + " holds a private key this JVM cannot use; dmkit supports RSA and EC (P-256, P-384, P-521) keys"
                    + " (" + e.getMessage() + ")", e);
        }
    }

    private static String noPemHint(String text) {
        return text.contains(PemSource.PEM_MARKER) ? ""
                : " (no " + PemSource.PEM_MARKER + " line: DER or other binary files are not supported;"
                        + " convert with openssl to PEM)";
    }
}
