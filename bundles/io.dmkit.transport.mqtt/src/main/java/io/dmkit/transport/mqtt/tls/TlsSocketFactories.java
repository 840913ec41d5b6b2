package io.dmkit.transport.mqtt.tls;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * JSSE socket factories for MQTT over TLS 1.3/1.2: the server is authenticated against the
 * configured CA certificates (optionally plus the JDK's default roots), and the device may present
 * a client certificate for mutual TLS.
 *
 * <p>Host name verification is not done here: Paho does it during the handshake when the
 * connection options say {@code setHttpsHostnameVerificationEnabled(true)} (it sets the
 * endpoint identification algorithm "HTTPS" on the socket). Transports must keep that on.
 */
public final class TlsSocketFactories {

    static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private TlsSocketFactories() {
    }

    /**
     * A factory that trusts {@code trustedCertificates}, and, if {@code alsoTrustJdkDefaults}, the
     * JDK's default trust roots too (so a service that moves to another public root keeps working,
     * as Azure IoT Hub did), and presents {@code clientIdentity} when it is not null.
     *
     * @throws IllegalArgumentException if nothing would be trusted (no certificates and no JDK roots)
     */
    public static SSLSocketFactory create(Collection<X509Certificate> trustedCertificates,
            boolean alsoTrustJdkDefaults, ClientIdentity clientIdentity) {
        return create(trustedCertificates, alsoTrustJdkDefaults, clientIdentity, Handshake.DEFAULT);
    }

    /**
     * What a handshake offers: the TLS versions, and the ALPN protocols in order of preference (none
     * when the list is empty).
     */
    public record Handshake(List<String> versions, List<String> applicationProtocols) {

        /** TLS 1.3 and 1.2, no ALPN. */
        public static final Handshake DEFAULT = new Handshake(PROTOCOLS, List.of());

        public Handshake {
            versions = List.copyOf(versions);
            applicationProtocols = List.copyOf(applicationProtocols);
            if (versions.isEmpty()) {
                throw new IllegalArgumentException("a handshake needs at least one TLS version");
            }
        }
    }

    /** As {@link #create(Collection, boolean, ClientIdentity)}, with the given handshake parameters. */
    public static SSLSocketFactory create(Collection<X509Certificate> trustedCertificates,
            boolean alsoTrustJdkDefaults, ClientIdentity clientIdentity, Handshake handshake) {
        Objects.requireNonNull(trustedCertificates, "trustedCertificates");
        Objects.requireNonNull(handshake, "handshake");
        if (trustedCertificates.isEmpty() && !alsoTrustJdkDefaults) {
            throw new IllegalArgumentException("no trust anchors: give CA certificates or trust the JDK's default roots");
        }
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            KeyManager[] keyManagers = clientIdentity == null ? null
                    : new KeyManager[] {new SingleIdentityKeyManager(clientIdentity)};
            context.init(keyManagers, trustManagers(trustedCertificates, alsoTrustJdkDefaults), null);
            return new TlsParametersSocketFactory(context.getSocketFactory(), handshake.versions(),
                    handshake.applicationProtocols());
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("this JVM cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /**
     * One PKIX trust manager over one key store holding every anchor: the configured certificates and,
     * if asked, the JDK's defaults. A single validator gives a single, ordinary failure
     * ("PKIX path building failed") whichever set the server's chain was expected to match.
     */
    private static TrustManager[] trustManagers(Collection<X509Certificate> trusted, boolean alsoTrustJdkDefaults)
            throws GeneralSecurityException, IOException {
        KeyStore anchors = KeyStore.getInstance("PKCS12");
        anchors.load(null, null);
        int i = 0;
        for (X509Certificate certificate : trusted) {
            anchors.setCertificateEntry("configured-" + i++, certificate);
        }
        if (alsoTrustJdkDefaults) {
            for (X509Certificate root : jdkDefaultTrustManager().getAcceptedIssuers()) {
                anchors.setCertificateEntry("jdk-" + i++, root);
            }
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
        factory.init(anchors);
        return factory.getTrustManagers();
    }

    /** The JDK's default roots: cacerts, or the store named by {@code javax.net.ssl.trustStore}. */
    private static X509TrustManager jdkDefaultTrustManager() throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager) {
                return (X509TrustManager) manager;
            }
        }
        throw new GeneralSecurityException("the JDK has no default X.509 trust manager");
    }
}
