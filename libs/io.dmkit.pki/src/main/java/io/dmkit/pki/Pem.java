package io.dmkit.pki;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Writes DER as PEM text: 64-character base64 lines between BEGIN/END markers, as OpenSSL does. */
final class Pem {

    private Pem() {
    }

    static String encode(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }
}
