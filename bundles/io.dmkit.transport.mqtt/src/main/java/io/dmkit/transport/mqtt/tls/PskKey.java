package io.dmkit.transport.mqtt.tls;

import io.dmkit.api.InvalidConfigurationException;

/** Decodes the {@code key} attribute of a TLS-PSK session. Messages describe the key's shape, never its digits. */
final class PskKey {

    private PskKey() {
    }

    static byte[] decode(String hexKey) {
        String hex = hexKey == null ? "" : hexKey.strip();
        if (hex.isEmpty()) {
            throw problem("is empty");
        }
        if (hex.length() % 2 != 0) {
            throw problem("has an odd number of digits (" + hex.length() + ")");
        }
        byte[] key = new byte[hex.length() / 2];
        for (int i = 0; i < hex.length(); i += 2) {
            int high = hexDigit(hex.charAt(i));
            int low = hexDigit(hex.charAt(i + 1));
            if (high < 0 || low < 0) {
                throw problem("contains a character that is not a hexadecimal digit at position "
                        + (high < 0 ? i + 1 : i + 2));
            }
            key[i / 2] = (byte) (high << 4 | low);
        }
        return key;
    }

    /** ASCII only: Character.digit would also accept other scripts' digits. */
    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static InvalidConfigurationException problem(String what) {
        return new InvalidConfigurationException("key", what + "; the key must be hexadecimal for TLS-PSK:"
                + " an even number of the digits 0-9, a-f (for example 16 bytes as 32 digits)");
    }
}
