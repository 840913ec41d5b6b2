package io.dmkit.transport.mqtt.tls;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Vector;

import org.bouncycastle.tls.BasicTlsPSKIdentity;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.NameType;
import org.bouncycastle.tls.PSKTlsClient;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.ServerName;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.TlsCrypto;

/**
 * Bouncy Castle's TLS 1.2 PSK client with dmkit's cipher-suite list and, for a host name, SNI.
 * One instance per connection (BC keeps per-handshake state in it).
 */
final class PskTlsClient extends PSKTlsClient {

    /**
     * Offered in this order, forward-secret AEAD suites first. Mosquitto sets OpenSSL's
     * server-preference option, so the broker's {@code ciphers} order decides among the suites both
     * sides have; against the dmkit test listener (mosquitto 2.0.11, OpenSSL 3.0) the result is
     * TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256. The plain PSK suites at the end are what small
     * embedded brokers often have only; they are not forward secret.
     */
    static final Map<Integer, String> CIPHER_SUITES = orderedNames(
            CipherSuite.TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256, "TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256",
            CipherSuite.TLS_ECDHE_PSK_WITH_AES_256_CBC_SHA384, "TLS_ECDHE_PSK_WITH_AES_256_CBC_SHA384",
            CipherSuite.TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256, "TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256",
            CipherSuite.TLS_DHE_PSK_WITH_CHACHA20_POLY1305_SHA256, "TLS_DHE_PSK_WITH_CHACHA20_POLY1305_SHA256",
            CipherSuite.TLS_DHE_PSK_WITH_AES_256_GCM_SHA384, "TLS_DHE_PSK_WITH_AES_256_GCM_SHA384",
            CipherSuite.TLS_DHE_PSK_WITH_AES_128_GCM_SHA256, "TLS_DHE_PSK_WITH_AES_128_GCM_SHA256",
            CipherSuite.TLS_PSK_WITH_CHACHA20_POLY1305_SHA256, "TLS_PSK_WITH_CHACHA20_POLY1305_SHA256",
            CipherSuite.TLS_PSK_WITH_AES_256_GCM_SHA384, "TLS_PSK_WITH_AES_256_GCM_SHA384",
            CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256, "TLS_PSK_WITH_AES_128_GCM_SHA256",
            CipherSuite.TLS_PSK_WITH_AES_256_CBC_SHA384, "TLS_PSK_WITH_AES_256_CBC_SHA384",
            CipherSuite.TLS_PSK_WITH_AES_128_CBC_SHA256, "TLS_PSK_WITH_AES_128_CBC_SHA256",
            CipherSuite.TLS_PSK_WITH_AES_128_CBC_SHA, "TLS_PSK_WITH_AES_128_CBC_SHA");

    private final String serverHostName;
    private volatile int selectedCipherSuite = -1;

    /**
     * @param serverHostName sent as SNI; null for an IP address (SNI must not carry one)
     */
    PskTlsClient(TlsCrypto crypto, String identity, byte[] psk, String serverHostName) {
        // BasicTlsPSKIdentity copies the key; the caller's array stays the caller's
        super(crypto, new BasicTlsPSKIdentity(identity, psk));
        this.serverHostName = serverHostName;
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        // TLS 1.3 would need BC's external-PSK API, which PSKTlsClient does not use; PSK servers speak 1.2.
        return ProtocolVersion.TLSv12.only();
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        int[] offered = CIPHER_SUITES.keySet().stream().mapToInt(Integer::intValue).toArray();
        return TlsUtils.getSupportedCipherSuites(getCrypto(), offered);
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    protected Vector getSNIServerNames() {
        if (serverHostName == null) {
            return null;
        }
        Vector names = new Vector(1);
        names.add(new ServerName(NameType.host_name, serverHostName.getBytes(StandardCharsets.US_ASCII)));
        return names;
    }

    @Override
    public void notifySelectedCipherSuite(int selectedCipherSuite) {
        super.notifySelectedCipherSuite(selectedCipherSuite);
        this.selectedCipherSuite = selectedCipherSuite;
    }

    /** The negotiated suite's name, or null before the server chose one. */
    String selectedCipherSuite() {
        int suite = selectedCipherSuite;
        return suite < 0 ? null : CIPHER_SUITES.getOrDefault(suite, "0x" + Integer.toHexString(suite));
    }

    private static Map<Integer, String> orderedNames(Object... idsAndNames) {
        Map<Integer, String> names = new java.util.LinkedHashMap<>();
        for (int i = 0; i < idsAndNames.length; i += 2) {
            names.put((Integer) idsAndNames[i], (String) idsAndNames[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(names);
    }
}
