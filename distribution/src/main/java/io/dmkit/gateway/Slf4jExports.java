package io.dmkit.gateway;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Optional;
import java.util.jar.JarFile;

/**
 * The SLF4J API packages the system bundle exports to the bundles. Jetty and the Web Console log
 * through SLF4J; inside OSGi, SLF4J 2 finds a provider only through the Service Loader Mediator (SPI
 * Fly, ASM, start levels: toolchain trap 6). The launcher already has SLF4J with Logback on its class
 * path (the emulator brings them), so the framework exports that copy instead: every line of the
 * process then goes through one Logback configuration ({@link GatewayLogConfiguration}).
 * The export list is SLF4J's own {@code Export-Package} header, read from its jar, so it names exactly
 * the versions it carries (2.x, and 1.7.36 for bundles such as the Web Console that import [1.7,2)).
 */
final class Slf4jExports {

    private static final String LOGGER_CLASS = "org.slf4j.Logger";

    private Slf4jExports() {
    }

    /** The export header, or empty when SLF4J is not on the class path or its jar cannot be read. */
    static Optional<String> fromClassPath() {
        try {
            Class<?> logger = Class.forName(LOGGER_CLASS, false, Slf4jExports.class.getClassLoader());
            CodeSource source = logger.getProtectionDomain().getCodeSource();
            if (source == null) {
                return Optional.empty();
            }
            try (JarFile jar = new JarFile(Path.of(source.getLocation().toURI()).toFile())) {
                return Optional.ofNullable(jar.getManifest()).map(m -> m.getMainAttributes().getValue("Export-Package"));
            }
        } catch (ClassNotFoundException | IOException | URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
