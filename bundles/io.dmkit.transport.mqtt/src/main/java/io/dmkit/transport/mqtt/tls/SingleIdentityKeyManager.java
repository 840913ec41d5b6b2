package io.dmkit.transport.mqtt.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Presents the device's one certificate whenever the server asks for one, whatever CA names the
 * server lists. JSSE's own key managers drop a certificate whose issuer is not in the server's
 * list and then send none, which turns a clear "certificate refused" into a vaguer "no certificate";
 * and several clouds send an empty or partial list. This is also what OpenSSL-based clients do.
 */
final class SingleIdentityKeyManager extends X509ExtendedKeyManager {

    private static final String ALIAS = "device";

    private final ClientIdentity identity;

    SingleIdentityKeyManager(ClientIdentity identity) {
        this.identity = identity;
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        return choose(keyTypes);
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        return choose(keyTypes);
    }

    /** Only when the handshake can use the key: key types are JCA names such as "RSA", "EC", "RSASSA-PSS". */
    private String choose(String[] keyTypes) {
        String algorithm = identity.key().getAlgorithm();
        boolean usable = keyTypes == null || Arrays.asList(keyTypes).contains(algorithm);
        return usable ? ALIAS : null;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return identity.key().getAlgorithm().equals(keyType) ? new String[] {ALIAS} : null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return ALIAS.equals(alias) ? identity.chain().toArray(new X509Certificate[0]) : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return ALIAS.equals(alias) ? identity.key() : null;
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return null;
    }
}
