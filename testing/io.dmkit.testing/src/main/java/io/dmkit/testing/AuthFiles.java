package io.dmkit.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Writes mosquitto's password and PSK files. Values are secrets: they go into the files only,
 * never into an exception message.
 */
final class AuthFiles {

    // mosquitto_passwd 2.0: "$7$" = PBKDF2-HMAC-SHA512, 101 iterations, 12-byte salt, 64-byte hash.
    private static final int ITERATIONS = 101;
    private static final int SALT_BYTES = 12;
    private static final int HASH_BITS = 512;
    private static final SecureRandom RANDOM = new SecureRandom();

    private AuthFiles() {
    }

    /** A mosquitto_passwd-compatible file: {@code user:$7$101$salt$hash} per line. */
    static Path writePasswords(Path file, Map<String, String> userToPassword) {
        StringBuilder lines = new StringBuilder();
        userToPassword.forEach((user, password) -> {
            requireName("user name", user);
            lines.append(user).append(':').append(hash(password)).append('\n');
        });
        return writePrivate(file, lines.toString());
    }

    /** A {@code psk_file}: {@code identity:hexkey} per line. */
    static Path writePsks(Path file, Map<String, String> identityToHexKey) {
        StringBuilder lines = new StringBuilder();
        identityToHexKey.forEach((identity, hexKey) -> {
            requireName("PSK identity", identity);
            if (hexKey == null || !hexKey.matches("(?:[0-9a-fA-F]{2})+")) {
                throw new IllegalArgumentException("the PSK of identity '" + identity
                        + "' must be a non-empty, even-length hexadecimal string");
            }
            lines.append(identity).append(':').append(hexKey).append('\n');
        });
        return writePrivate(file, lines.toString());
    }

    static String hash(String password) {
        if (password == null) {
            throw new IllegalArgumentException("a password must not be null");
        }
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, ITERATIONS, HASH_BITS);
        try {
            byte[] hash = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512").generateSecret(spec).getEncoded();
            Base64.Encoder base64 = Base64.getEncoder();
            return "$7$" + ITERATIONS + "$" + base64.encodeToString(salt) + "$" + base64.encodeToString(hash);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no PBKDF2WithHmacSHA512", e);
        } finally {
            spec.clearPassword();
        }
    }

    private static void requireName(String what, String name) {
        if (name == null || name.isEmpty() || name.contains(":") || name.contains("\n")) {
            throw new IllegalArgumentException("a " + what + " must be non-empty and contain no ':' or newline: '"
                    + name + "'");
        }
    }

    private static Path writePrivate(Path file, String content) {
        try {
            Files.writeString(file, content, StandardCharsets.UTF_8);
            if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
