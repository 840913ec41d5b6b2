package io.dmkit.pki;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/** Writes a private key as PEM text in the form a {@link KeyKind} names. */
final class KeyEncoder {

    private KeyEncoder() {
    }

    static String pem(KeyPair keyPair, KeyKind kind) {
        try {
            // The JDK encodes private keys as PKCS#8; the other forms are the structure inside it.
            PrivateKeyInfo pkcs8 = PrivateKeyInfo.getInstance(keyPair.getPrivate().getEncoded());
            switch (kind) {
                case RSA_PKCS8:
                case EC_PKCS8:
                    return Pem.encode(kind.pemLabel(), pkcs8.getEncoded());
                case RSA_PKCS1:
                    return Pem.encode(kind.pemLabel(), pkcs8.parsePrivateKey().toASN1Primitive().getEncoded());
                case EC_SEC1:
                    return Pem.encode(kind.pemLabel(), sec1(keyPair, pkcs8));
                default:
                    throw new IllegalArgumentException("unknown key kind " + kind);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a generated " + kind + " key", e);
        }
    }

    /**
     * The JDK's PKCS#8 EC key omits the curve inside the inner ECPrivateKey (it lives in the
     * algorithm identifier), but a SEC1 file stands alone: rebuild it with the named curve and the
     * public key, as {@code openssl ecparam -genkey} writes it.
     */
    private static byte[] sec1(KeyPair keyPair, PrivateKeyInfo pkcs8) throws IOException {
        ECPrivateKey key = (ECPrivateKey) keyPair.getPrivate();
        ASN1Encodable namedCurve = pkcs8.getPrivateKeyAlgorithm().getParameters();
        SubjectPublicKeyInfo publicKey = SubjectPublicKeyInfo.getInstance(keyPair.getPublic().getEncoded());
        return new org.bouncycastle.asn1.sec.ECPrivateKey(
                key.getParams().getOrder().bitLength(), key.getS(), publicKey.getPublicKeyData(), namedCurve)
                .getEncoded();
    }
}
