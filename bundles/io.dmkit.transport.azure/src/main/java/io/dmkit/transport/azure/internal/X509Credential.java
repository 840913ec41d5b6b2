package io.dmkit.transport.azure.internal;

import io.dmkit.transport.mqtt.tls.ClientIdentity;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/**
 * An X.509 client certificate: the TLS handshake authenticates the device, the MQTT password stays
 * empty. IoT Hub knows the certificate by its thumbprint (self-signed registration) or by its CA.
 */
final class X509Credential implements DeviceCredential {

    private final ClientIdentity identity;
    private final String sha256;
    private final String sha1;

    X509Credential(ClientIdentity identity) {
        this.identity = identity;
        this.sha256 = thumbprint(identity, "SHA-256");
        this.sha1 = thumbprint(identity, "SHA-1");
    }

    ClientIdentity identity() {
        return identity;
    }

    /** The SHA-256 thumbprint of the device certificate, upper-case hex, as IoT Hub shows it. */
    String sha256Thumbprint() {
        return sha256;
    }

    @Override
    public Optional<IssuedToken> token(Instant now) {
        return Optional.empty();
    }

    @Override
    public boolean renewable() {
        return false;
    }

    @Override
    public Optional<String> unusableAt(Instant now) {
        Instant notAfter = identity.chain().get(0).getNotAfter().toInstant();
        if (now.isAfter(notAfter)) {
            return Optional.of("the client certificate in cert expired at " + notAfter + "; give a new certificate "
                    + "(and register its thumbprint in the hub if the device uses self-signed authentication)");
        }
        return Optional.empty();
    }

    @Override
    public String refusalAdvice(String hubHost, String deviceId) {
        return "check that device '" + deviceId + "' is registered in IoT hub " + hubHost + " with X.509 "
                + "authentication and enabled, and that the certificate in cert (" + subject() + ", SHA-256 "
                + "thumbprint " + sha256 + ", SHA-1 " + sha1 + ") is its primary or secondary thumbprint, or is "
                + "signed by a CA certificate verified in the hub";
    }

    private String subject() {
        return identity.chain().get(0).getSubjectX500Principal().getName();
    }

    private static String thumbprint(ClientIdentity identity, String algorithm) {
        try {
            byte[] der = identity.chain().get(0).getEncoded();
            return HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance(algorithm).digest(der));
        } catch (CertificateEncodingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot compute the certificate's " + algorithm + " thumbprint", e);
        }
    }

    @Override
    public String toString() {
        return "X.509 certificate (" + subject() + ", SHA-256 " + sha256 + ")";
    }
}
