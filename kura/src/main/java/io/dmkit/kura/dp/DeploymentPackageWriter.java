package io.dmkit.kura.dp;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Writes an OSGi deployment package (OSGi Compendium, Deployment Admin): a JAR whose manifest is its
 * first entry, with {@code DeploymentPackage-SymbolicName} and {@code DeploymentPackage-Version} in the
 * main section and one named section per bundle entry carrying that bundle's own
 * {@code Bundle-SymbolicName} and {@code Bundle-Version}. Bundles are stored under {@code bundles/} in
 * the order given, the order Deployment Admin installs them in.
 */
final class DeploymentPackageWriter {

    static final String BUNDLE_FOLDER = "bundles/";

    private DeploymentPackageWriter() {
    }

    /**
     * Writes the package {@code symbolicName}/{@code version} holding {@code bundles} to {@code target}.
     * Every entry gets the time {@code entryTime}, so the same inputs give the same bytes.
     */
    static void write(String symbolicName, String version, List<Path> bundles, FileTime entryTime, Path target)
            throws IOException {
        Objects.requireNonNull(entryTime, "entryTime");
        if (bundles.isEmpty()) {
            throw new IllegalArgumentException("deployment package " + symbolicName + " has no bundles");
        }
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("DeploymentPackage-SymbolicName", symbolicName);
        main.putValue("DeploymentPackage-Version", version);
        Set<String> names = new HashSet<>();
        for (Path bundle : bundles) {
            BundleIdentity identity = BundleIdentity.of(bundle);
            if (!names.add(identity.symbolicName())) {
                // a stale copy next to a newer one; one package holds one version of a bundle
                throw new IllegalArgumentException("deployment package " + symbolicName + " would hold "
                        + identity.symbolicName() + " twice (" + bundle.getFileName() + ")");
            }
            Attributes section = new Attributes();
            section.putValue("Bundle-SymbolicName", identity.symbolicName());
            section.putValue("Bundle-Version", identity.version());
            manifest.getEntries().put(entryName(bundle), section);
        }
        Files.createDirectories(target.toAbsolutePath().getParent());
        try (OutputStream file = Files.newOutputStream(target);
             JarOutputStream jar = new JarOutputStream(file)) {
            // written by hand rather than through new JarOutputStream(out, manifest), which cannot set the time
            JarEntry manifestEntry = entry("META-INF/MANIFEST.MF", entryTime);
            jar.putNextEntry(manifestEntry);
            manifest.write(jar);
            jar.closeEntry();
            for (Path bundle : bundles) {
                jar.putNextEntry(entry(entryName(bundle), entryTime));
                Files.copy(bundle, jar);
                jar.closeEntry();
            }
        }
    }

    private static String entryName(Path bundle) {
        return BUNDLE_FOLDER + bundle.getFileName();
    }

    private static JarEntry entry(String name, FileTime time) {
        JarEntry entry = new JarEntry(name);
        entry.setLastModifiedTime(time);
        return entry;
    }
}
