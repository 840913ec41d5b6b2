package io.dmkit.testing;

import io.dmkit.pki.LocalPki;
import java.nio.file.Path;

/**
 * Renders a mosquitto 2.0 configuration file. Every listener binds 127.0.0.1 only, and
 * {@code per_listener_settings true} gives each its own authentication, so an anonymous plain
 * listener and a certificate-only mutual-TLS listener can live in one broker.
 */
final class MosquittoConfig {

    /**
     * TLS 1.2 PSK suites the PSK listener accepts, in the order it prefers them (mosquitto sets
     * OpenSSL's server-preference option, so this order decides). With Bouncy Castle's PSK client as
     * dmkit configures it (io.dmkit.transport.mqtt.tls.PskSocketFactory) the result is
     * ECDHE-PSK-CHACHA20-POLY1305 (mosquitto 2.0.11, OpenSSL 3.0). The plain,
     * non-forward-secret PSK suites stay in the list because small embedded brokers often have only
     * those. Listed explicitly so that a distribution's default cipher string cannot silently drop
     * the PSK suites (mosquitto's own default happens to include them with OpenSSL 3.0).
     */
    static final String PSK_CIPHERS = String.join(":",
            "ECDHE-PSK-CHACHA20-POLY1305", "ECDHE-PSK-AES128-CBC-SHA256", "ECDHE-PSK-AES256-CBC-SHA384",
            "DHE-PSK-AES128-GCM-SHA256", "DHE-PSK-AES256-GCM-SHA384",
            "PSK-AES128-GCM-SHA256", "PSK-AES256-GCM-SHA384", "PSK-AES128-CBC-SHA256", "PSK-AES128-CBC-SHA");

    /** The PSK hint the listener sends; clients ignore it, mosquitto requires one to enable PSK. */
    static final String PSK_HINT = "dmkit";

    private final StringBuilder text = new StringBuilder();

    MosquittoConfig(Path log, boolean runningAsRoot) {
        line("# Written by io.dmkit.testing.Mosquitto for one test; see its javadoc.");
        line("per_listener_settings true");
        line("persistence false");
        // Nagle's algorithm off, as a cloud's broker has it: with it on, each small reply waits for the
        // device's delayed ACK (~40 ms on loopback) and request/reply timings measure that instead.
        line("set_tcp_nodelay true");
        // A service subscriber takes the messages of many devices: with the default of 1,000, a burst of
        // 1,000 sessions connecting overflowed its queue and the broker dropped twin requests.
        line("max_queued_messages 100000");
        if (runningAsRoot) {
            // Otherwise mosquitto drops to user 'mosquitto', which cannot read files in a 0700 test directory.
            line("user root");
        }
        line("log_dest file " + log);
        line("log_type all");
        line("log_timestamp_format %Y-%m-%dT%H:%M:%S");
        line("connection_messages true");
    }

    void plainListener(int port, Path passwordFile, Path aclFile) {
        listener(port);
        authentication(passwordFile);
        acl(aclFile);
    }

    void tlsListener(int port, LocalPki pki, Path passwordFile, Path aclFile) {
        listener(port);
        serverCertificate(pki);
        authentication(passwordFile);
        acl(aclFile);
    }

    void mutualTlsListener(int port, LocalPki pki, Path aclFile) {
        listener(port);
        serverCertificate(pki);
        line("require_certificate true");
        // The client certificate's CN becomes the MQTT user name; no anonymous clients.
        line("use_identity_as_username true");
        line("allow_anonymous false");
        acl(aclFile);
    }

    void pskListener(int port, Path pskFile, Path aclFile) {
        listener(port);
        line("psk_hint " + PSK_HINT);
        line("psk_file " + pskFile);
        line("ciphers " + PSK_CIPHERS);
        // The PSK identity (dmkit's device id) becomes the MQTT user name.
        line("use_identity_as_username true");
        line("allow_anonymous false");
        acl(aclFile);
    }

    String render() {
        return text.toString();
    }

    private void listener(int port) {
        line("");
        line("listener " + port + " 127.0.0.1");
    }

    private void serverCertificate(LocalPki pki) {
        line("cafile " + pki.caCert());
        line("certfile " + pki.serverCert());
        line("keyfile " + pki.serverKey());
    }

    private void authentication(Path passwordFile) {
        if (passwordFile == null) {
            line("allow_anonymous true");
        } else {
            line("allow_anonymous false");
            line("password_file " + passwordFile);
        }
    }

    private void acl(Path aclFile) {
        if (aclFile != null) {
            line("acl_file " + aclFile);
        }
    }

    private void line(String s) {
        text.append(s).append('\n');
    }
}
