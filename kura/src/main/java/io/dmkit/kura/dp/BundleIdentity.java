package io.dmkit.kura.dp;

import java.io.IOException;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * A bundle's symbolic name and version, read from its own manifest: a deployment package must name each
 * bundle exactly as the bundle names itself (Felix DeploymentAdmin refuses a package whose manifest and
 * bundle disagree), so these are never written by hand.
 */
record BundleIdentity(String symbolicName, String version) {

    /** The identity of the bundle {@code jar}; fails if it is not an OSGi bundle (no Bundle-SymbolicName). */
    static BundleIdentity of(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            Attributes main = manifest == null ? new Attributes() : manifest.getMainAttributes();
            String symbolicName = main.getValue("Bundle-SymbolicName");
            if (symbolicName == null || symbolicName.isBlank()) {
                throw new IllegalArgumentException(jar.getFileName() + " is not an OSGi bundle: no Bundle-SymbolicName");
            }
            // "org.xerial.sqlite-jdbc;singleton:=true": the directives are not part of the name
            String name = symbolicName.split(";", 2)[0].trim();
            String version = main.getValue("Bundle-Version");
            return new BundleIdentity(name, version == null ? "0.0.0" : version.trim());
        }
    }
}
