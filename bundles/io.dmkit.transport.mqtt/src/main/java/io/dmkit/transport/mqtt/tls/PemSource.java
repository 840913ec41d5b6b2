package io.dmkit.transport.mqtt.tls;

import io.dmkit.api.InvalidConfigurationException;
import io.dmkit.wire.text.Printable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

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
        String location = describe(pathOrPem, secret);
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
            // The JDK's message names the path, which for a secret attribute may be key material (a
            // pasted key without its BEGIN line is "File name too long"): then the cause, which a log
            // line would print, is left out too.
            // FileSystemException's reason is the message without the path, which location shows already.
            String reason = e instanceof FileSystemException f && f.getReason() != null ? f.getReason()
                    : secret ? e.getClass().getSimpleName() : e.getMessage();
            throw secret ? new InvalidConfigurationException(attribute, "cannot read " + location + ": " + reason)
                    : new InvalidConfigurationException(attribute, "cannot read " + location + ": " + reason, e);
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
        if (secret && !looksLikePath) {
            return "the value given (not shown: it does not look like a file path and may be secret)";
        }
        // A path of a megabyte (or with control characters) must not make such a message.
        return value.length() > Printable.MAX_SHOWN || !value.matches("[\\x20-\\x7e]*") ? Printable.quote(value)
                : value;
    }
}
