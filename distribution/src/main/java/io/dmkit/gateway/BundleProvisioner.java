package io.dmkit.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.wiring.BundleRevision;

/**
 * Makes the framework's installed bundles match {@code lib/bundles}: installs new jars, updates the
 * ones rebuilt since they were installed, uninstalls the ones whose jar is gone, and gives each its
 * start level ({@link BundleStartOrder}). Runs between {@code init()} and {@code start()}, so nothing
 * is resolved yet and no refresh is needed.
 *
 * <p>The launcher owns the bundles whose location starts with {@value #LOCATION_PREFIX}: a name, not
 * a path, so that the data directory keeps working when the distribution moves. Bundles installed
 * by other means (the Web Console, Gogo) have other locations and are left alone.
 */
final class BundleProvisioner {

    static final String LOCATION_PREFIX = "dmkit-gateway:lib/bundles/";

    private BundleProvisioner() {
    }

    /**
     * @return what changed, one line per bundle installed, updated or uninstalled
     * @throws IllegalStateException if the directory holds no bundle
     */
    static List<String> provision(BundleContext context, Path bundlesDir, BundleStartOrder order)
            throws IOException, BundleException {
        Map<String, Path> jars = jars(bundlesDir);
        if (jars.isEmpty()) {
            throw new IllegalStateException("no bundles in " + bundlesDir
                    + ": build the gateway with mvn install (./gateway does)");
        }
        List<String> changes = new ArrayList<>();
        for (Bundle bundle : context.getBundles()) {
            String location = bundle.getLocation();
            if (location.startsWith(LOCATION_PREFIX) && !jars.containsKey(location)) {
                changes.add("uninstalled " + bundle.getSymbolicName() + " (its jar is gone)");
                bundle.uninstall();
            }
        }
        for (Map.Entry<String, Path> jar : jars.entrySet()) {
            Bundle bundle = context.getBundle(jar.getKey());
            if (bundle == null) {
                try (InputStream in = Files.newInputStream(jar.getValue())) {
                    bundle = context.installBundle(jar.getKey(), in);
                }
            } else if (Files.getLastModifiedTime(jar.getValue()).toMillis() > bundle.getLastModified()) {
                try (InputStream in = Files.newInputStream(jar.getValue())) {
                    bundle.update(in);
                }
                changes.add("updated " + bundle.getSymbolicName() + " " + bundle.getVersion());
            }
            String name = bundle.getSymbolicName();
            bundle.adapt(BundleStartLevel.class).setStartLevel(order.levelOf(name));
            if (!isFragment(bundle) && BundleStartOrder.startsWithFramework(name)) {
                // Before the framework starts this only records that the bundle starts with its level.
                bundle.start();
            }
        }
        return changes;
    }

    /** Location to jar, in name order. */
    private static Map<String, Path> jars(Path dir) throws IOException {
        Map<String, Path> jars = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return jars;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.jar")) {
            for (Path file : files) {
                jars.put(LOCATION_PREFIX + file.getFileName(), file);
            }
        }
        return jars;
    }

    private static boolean isFragment(Bundle bundle) {
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        return revision != null && (revision.getTypes() & BundleRevision.TYPE_FRAGMENT) != 0;
    }
}
