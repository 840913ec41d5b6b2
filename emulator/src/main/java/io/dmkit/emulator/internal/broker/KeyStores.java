package io.dmkit.emulator.internal.broker;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;

/** PKCS#12 stores for the broker's TLS listeners (HiveMQ reads key stores, not PEM files). */
public final class KeyStores {

    private KeyStores() {
    }

    /** A key store holding the server's key and certificate chain under the alias {@code server}. */
    public static void writeKeyStore(Path file, char[] password, PrivateKey key, X509Certificate... chain)
            throws IOException {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", key, password, chain.clone());
            save(store, file, password);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot build the broker's key store " + file, e);
        }
    }

    /** A trust store holding {@code ca}: device certificates must chain to it. */
    public static void writeTrustStore(Path file, char[] password, X509Certificate ca) throws IOException {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("ca", (Certificate) ca);
            save(store, file, password);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot build the broker's trust store " + file, e);
        }
    }

    private static void save(KeyStore store, Path file, char[] password) throws IOException, GeneralSecurityException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password);
        }
    }
}
