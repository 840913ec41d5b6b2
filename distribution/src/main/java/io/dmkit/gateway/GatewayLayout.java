package io.dmkit.gateway;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the gateway keeps things. The data directory holds all state, so that deleting it starts
 * afresh and pointing two gateways at different ones keeps them apart:
 * <pre>
 * &lt;data&gt;/emulator   the emulator's CA, registry and broker data
 * &lt;data&gt;/felix      the framework's bundle cache and the bundles' own data (ConfigAdmin's store among them)
 * &lt;data&gt;/config     configuration files FileInstall applies and writes back (users edit these)
 * </pre>
 * The bundles come from {@code lib/bundles} beside the launcher's jar.
 */
public record GatewayLayout(Path dataDir, Path bundlesDir) {

    public GatewayLayout {
        dataDir = dataDir.toAbsolutePath().normalize();
        bundlesDir = bundlesDir.toAbsolutePath().normalize();
    }

    /** The layout for a data directory, with the bundles beside the jar this class was loaded from. */
    public static GatewayLayout of(Path dataDir) {
        return new GatewayLayout(dataDir, launcherHome().resolve("lib").resolve("bundles"));
    }

    public Path emulatorDir() {
        return dataDir.resolve("emulator");
    }

    public Path felixDir() {
        return dataDir.resolve("felix");
    }

    public Path configDir() {
        return dataDir.resolve("config");
    }

    /** Gogo's home ({@code gosh.home}): the shell reads its profile from {@code etc/gosh_profile} there. */
    public Path shellDir() {
        return dataDir.resolve("shell");
    }

    /** The directory of {@code dmkit-gateway.jar} (of the classes directory when run from an IDE). */
    static Path launcherHome() {
        try {
            Path location = Path.of(GatewayLayout.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isDirectory(location) ? location : location.getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot tell where the gateway's jar is", e);
        }
    }
}
