package io.dmkit.gateway;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A password in the form the Felix Web Console 5 accepts for {@code felix.webconsole.password}:
 * {@code {sha-256}<salt>-<iterations>-<base64 of the digest>}, where the digest is SHA-256 applied
 * {@code iterations} times to {@code salt + password} (UTF-8). Handing the console this form instead of
 * the clear text keeps the password out of the framework properties, which the console itself lists.
 */
final class WebConsolePasswordHash {

    static final String ALGORITHM = "sha-256";
    static final int ITERATIONS = 1000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private WebConsolePasswordHash() {
    }

    /** A new random salt each time. */
    static String hash(String password) {
        byte[] salt = new byte[8];
        RANDOM.nextBytes(salt);
        return hash(password, HexFormat.of().formatHex(salt), ITERATIONS);
    }

    static String hash(String password, String salt, int iterations) {
        try {
            MessageDigest digest = MessageDigest.getInstance(ALGORITHM);
            byte[] bytes = (salt + password).getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < iterations; i++) {
                digest.reset();
                bytes = digest.digest(bytes);
            }
            return "{" + ALGORITHM + "}" + salt + "-" + iterations + "-" + Base64.getEncoder().encodeToString(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
