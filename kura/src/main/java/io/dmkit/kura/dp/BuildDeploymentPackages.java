package io.dmkit.kura.dp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The build step that turns {@code target/dp-content/NAME/*.jar} (filled by maven-dependency-plugin, one
 * folder per package) into {@code target/dp/NAME.dp}. Run by exec-maven-plugin in the {@code package}
 * phase with the arguments {@code CONTENT_DIR OUTPUT_DIR OUTPUT_TIMESTAMP}.
 *
 * <p>A package's version is the version of the dmkit bundles it carries (all built from one project
 * version, so they must agree); a package without a dmkit bundle is a build error.
 */
public final class BuildDeploymentPackages {

    /** Symbolic-name prefix of the bundles this project builds, whose version the packages take. */
    static final String OWN_BUNDLES = "io.dmkit.";

    private BuildDeploymentPackages() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: BuildDeploymentPackages CONTENT_DIR OUTPUT_DIR OUTPUT_TIMESTAMP");
        }
        Path content = Path.of(args[0]);
        Path output = Path.of(args[1]);
        FileTime time = FileTime.from(Instant.parse(args[2]));
        for (Path folder : sorted(content, Files::isDirectory)) {
            List<Path> bundles = sorted(folder, p -> p.getFileName().toString().endsWith(".jar"));
            String name = folder.getFileName().toString();
            Path target = output.resolve(name + ".dp");
            DeploymentPackageWriter.write(name, versionOf(name, bundles), bundles, time, target);
            System.out.println("[dmkit-kura] " + target + ": " + bundles.size() + " bundles");
        }
    }

    /** The one version of the dmkit bundles among {@code bundles}. */
    static String versionOf(String packageName, List<Path> bundles) throws IOException {
        Set<String> versions = new TreeSet<>();
        for (Path bundle : bundles) {
            BundleIdentity identity = BundleIdentity.of(bundle);
            if (identity.symbolicName().startsWith(OWN_BUNDLES)) {
                versions.add(identity.version());
            }
        }
        if (versions.size() != 1) {
            throw new IllegalStateException("deployment package " + packageName + " needs dmkit bundles of exactly one "
                    + "version to take its own version from; found " + versions);
        }
        return versions.iterator().next();
    }

    private static List<Path> sorted(Path dir, Predicate<Path> filter) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(filter).sorted().collect(Collectors.toCollection(ArrayList::new));
        }
    }
}
