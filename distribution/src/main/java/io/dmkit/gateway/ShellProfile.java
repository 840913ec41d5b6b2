package io.dmkit.gateway;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Gogo shell's profile, written into {@code <data>/shell/etc/gosh_profile} at every start (Gogo reads
 * it from {@code ${gosh.home}/etc/} instead of its built-in one). It sets what Gogo's own profile sets,
 * and one thing more: {@code exit} stops the gateway cleanly, as Ctrl-D does. Gogo's profile makes the
 * methods of {@code java.lang.System} commands, so a bare {@code exit} failed ("Cannot coerce exit() to
 * any of [(int)]") and {@code exit 0} ended the JVM at once, the sessions never saying goodbye.
 */
final class ShellProfile {

    /** The prompt; {@link PromptAfterLogLines} prints it again after a log line. */
    static final String PROMPT = "g! ";

    static final String TEXT = """
            # Written by the dmkit gateway at every start: edits here are lost.
            try {
              # Gogo's own commands first
              SCOPE = 'gogo:*'
              addcommand context ${.context}
              e = { $exception printStackTrace }
              # stops the framework: the sessions go offline cleanly, then the gateway ends
              exit = { ((${.context} bundles) 0) stop }
              prompt = '%s'
            } {
              echo "$0: ERROR: $exception"
            }
            """.formatted(PROMPT);

    private ShellProfile() {
    }

    /** Writes the profile under {@code shellDir} (Gogo's home). */
    static void write(Path shellDir) throws IOException {
        Path etc = Files.createDirectories(shellDir.resolve("etc"));
        Files.writeString(etc.resolve("gosh_profile"), TEXT, StandardCharsets.UTF_8);
    }
}
