package io.dmkit.transport.mqtt.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import io.dmkit.api.InvalidConfigurationException;

/**
 * The PEM text of a configuration attribute that holds either the PEM itself or a file path.
 * Text containing {@code -----BEGIN} is taken as PEM; anything else as a path.
 */
final class PemSource {

    static final String PEM_MARKER = "-----BEGIN";

    private PemSource() {
    }

    static String text(String attribute, String pathOrPem) {
        return text(attribute, pathOrPem, false);
    }

    /**
     * @param secret whether the attribute holds a secret (a private key): a value that was meant as
     *        key material rather than a path must not end up in an error message, so it is shown only
     *        when it looks like a file path
     */
    static String text(String attribute, String pathOrPem, boolean secret) {
        if (pathOrPem == null || pathOrPem.isBlank()) {
            throw new InvalidConfigurationException(attribute, "is empty; give a PEM file path or the PEM text itself");
        }
        if (pathOrPem.contains(PEM_MARKER)) {
            return pathOrPem;
        }
        String location = secret ? describe(pathOrPem, true) : pathOrPem.strip();
        Path path;
        try {
            path = Path.of(pathOrPem.strip());
        } catch (InvalidPathException e) {
            throw new InvalidConfigurationException(attribute,
                    "is neither PEM text (no " + PEM_MARKER + " line) nor a valid file path: " + e.getReason());
        }
        if (Files.isDirectory(path)) {
            throw new InvalidConfigurationException(attribute, "cannot read " + location + ": is a directory");
        }
        try {
            // ISO-8859-1 decodes any byte: PEM is ASCII, and stray bytes (comments, DER) are reported
            // by the parser as "no PEM block" rather than as a charset error.
            return Files.readString(path, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw new InvalidConfigurationException(attribute, "cannot read " + location + ": no such file");
        } catch (AccessDeniedException e) {
            throw new InvalidConfigurationException(attribute, "cannot read " + location + ": permission denied");
        } catch (IOException e) {
            throw new InvalidConfigurationException(attribute, "cannot read " + location + ": "
                    + (secret ? e.getClass().getSimpleName() : e.getMessage()), e);
        }
    }

    /** Where the PEM came from, for messages: the path, or "the inline PEM". */
    static String describe(String pathOrPem) {
        return describe(pathOrPem, false);
    }

    static String describe(String pathOrPem, boolean secret) {
        if (pathOrPem.contains(PEM_MARKER)) {
            return "the inline PEM";
        }
        String value = pathOrPem.strip();
        boolean looksLikePath = value.contains("/") || value.contains("\\") || value.endsWith(".pem")
                || value.endsWith(".key");
        return !secret || looksLikePath ? value : "the value given (not shown: it does not look like a file path "
                + "and may be secret)";
    }
}
