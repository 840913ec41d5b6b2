package io.dmkit.pki;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority: its key pair and self-signed certificate, and the issuing of server
 * and client certificates. Signing uses the JDK's providers (SHA256withRSA for an RSA CA,
 * SHA256withECDSA for an EC CA), so nothing registers Bouncy Castle as a JCA provider.
 */
final class CertificateIssuer {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final X500Name name;
    private final KeyPair keyPair;
    private final X509Certificate certificate;

    private CertificateIssuer(X500Name name, KeyPair keyPair, X509Certificate certificate) {
        this.name = name;
        this.keyPair = keyPair;
        this.certificate = certificate;
    }

    static CertificateIssuer selfSigned(String commonName, String keyAlgorithm, Instant notBefore, Instant notAfter) {
        KeyPair keyPair = Keys.generate(keyAlgorithm);
        X500Name name = name(commonName);
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    name, serial(), Date.from(notBefore), Date.from(notAfter), name, keyPair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            utils.createSubjectKeyIdentifier(keyPair.getPublic()));
            return new CertificateIssuer(name, keyPair, sign(builder, keyPair));
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot create the CA " + commonName, e);
        }
    }

    /** A CA written earlier: its certificate and its private key (PKCS#8 PEM, as {@link #writeKey} writes it). */
    static CertificateIssuer load(Path certFile, Path keyFile) {
        try (PEMParser certs = new PEMParser(Files.newBufferedReader(certFile, StandardCharsets.US_ASCII));
                PEMParser keys = new PEMParser(Files.newBufferedReader(keyFile, StandardCharsets.US_ASCII))) {
            X509Certificate certificate = new JcaX509CertificateConverter()
                    .getCertificate((X509CertificateHolder) certs.readObject());
            PrivateKey privateKey = new JcaPEMKeyConverter().getPrivateKey((PrivateKeyInfo) keys.readObject());
            return new CertificateIssuer(X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()),
                    new KeyPair(certificate.getPublicKey(), privateKey), certificate);
        } catch (IOException | GeneralSecurityException | ClassCastException e) {
            throw new IllegalStateException("cannot read the CA from " + certFile + " and " + keyFile
                    + " (delete both to create a new CA)", e);
        }
    }

    /** Writes the CA's private key as PKCS#8 PEM, readable by the owner only where POSIX permissions exist. */
    void writeKey(Path keyFile) {
        IssuedFiles.write(keyFile, Pem.encode("PRIVATE KEY", keyPair.getPrivate().getEncoded()), true);
    }

    X509Certificate certificate() {
        return certificate;
    }

    /**
     * An intermediate CA signed by this one (path length 0: it signs end-entity certificates only), as
     * an issuer of its own.
     */
    CertificateIssuer issueIntermediate(String commonName, String keyAlgorithm, Instant notBefore, Instant notAfter) {
        KeyPair intermediateKeys = Keys.generate(keyAlgorithm);
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    name, serial(), Date.from(notBefore), Date.from(notAfter), name(commonName),
                    intermediateKeys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            utils.createSubjectKeyIdentifier(intermediateKeys.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            utils.createAuthorityKeyIdentifier(certificate));
            return new CertificateIssuer(name(commonName), intermediateKeys, sign(builder, keyPair));
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot issue the intermediate CA " + commonName, e);
        }
    }

    /** A TLS server certificate whose subject alternative names are {@code names}. */
    X509Certificate issueServer(String commonName, PublicKey key, Instant notBefore, Instant notAfter,
            GeneralName... names) {
        return issue(commonName, key, notBefore, notAfter, KeyPurposeId.id_kp_serverAuth, new GeneralNames(names));
    }

    /** A TLS client certificate; mosquitto's {@code use_identity_as_username} makes its CN the user name. */
    X509Certificate issueClient(String commonName, PublicKey key, Instant notBefore, Instant notAfter) {
        return issue(commonName, key, notBefore, notAfter, KeyPurposeId.id_kp_clientAuth, null);
    }

    private X509Certificate issue(String commonName, PublicKey key, Instant notBefore, Instant notAfter,
            KeyPurposeId purpose, GeneralNames alternativeNames) {
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            // RSA keys may also be used for key transport in TLS 1.2 RSA suites; EC keys only sign.
            int usage = "RSA".equals(key.getAlgorithm())
                    ? KeyUsage.digitalSignature | KeyUsage.keyEncipherment
                    : KeyUsage.digitalSignature;
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    name, serial(), Date.from(notBefore), Date.from(notAfter),
                    name(commonName), key)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(usage))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose))
                    .addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(key))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            utils.createAuthorityKeyIdentifier(certificate));
            if (alternativeNames != null) {
                builder.addExtension(Extension.subjectAlternativeName, false, alternativeNames);
            }
            return sign(builder, keyPair);
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot issue a certificate for " + commonName, e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer)
            throws GeneralSecurityException {
        String algorithm = "EC".equals(signer.getPrivate().getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
        try {
            ContentSigner contentSigner = new JcaContentSignerBuilder(algorithm).build(signer.getPrivate());
            return new JcaX509CertificateConverter().getCertificate(builder.build(contentSigner));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("no " + algorithm + " signer", e);
        }
    }

    /** O stays "dmkit tests" now that the emulator issues with it too: tests match subjects by that text. */
    private static X500Name name(String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "dmkit tests").addRDN(BCStyle.CN, commonName)
                .build();
    }

    /** Random positive 64-bit serials: two runs never issue the same issuer/serial pair. */
    private static BigInteger serial() {
        return new BigInteger(64, RANDOM).setBit(62);
    }
}
