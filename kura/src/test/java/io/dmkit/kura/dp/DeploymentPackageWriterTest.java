package io.dmkit.kura.dp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeploymentPackageWriterTest {

    private static final FileTime TIME = FileTime.from(Instant.parse("2026-01-01T00:00:00Z"));

    @TempDir
    Path dir;

    @Test
    void manifestIsTheFirstEntryAndNamesThePackage() throws IOException {
        Path dp = dir.resolve("x.dp");
        DeploymentPackageWriter.write("io.dmkit.x", "1.2.3.SNAPSHOT", List.of(bundle("a", "1.0.0")), TIME, dp);

        assertThat(entryNames(dp)).containsExactly("META-INF/MANIFEST.MF", "bundles/a.jar");
        Attributes main = manifest(dp).getMainAttributes();
        assertThat(main.getValue("DeploymentPackage-SymbolicName")).isEqualTo("io.dmkit.x");
        assertThat(main.getValue("DeploymentPackage-Version")).isEqualTo("1.2.3.SNAPSHOT");
    }

    @Test
    void eachBundleSectionCarriesTheBundlesOwnNameAndVersionWithoutDirectives() throws IOException {
        Path sqlite = jar("sqlite-jdbc-3.54.1.0.jar", manifestOf("org.xerial.sqlite-jdbc;singleton:=true", "3.54.1.0"));
        Path core = bundle("io.dmkit.core", "0.1.0.SNAPSHOT");
        Path dp = dir.resolve("core.dp");
        DeploymentPackageWriter.write("io.dmkit.core", "0.1.0.SNAPSHOT", List.of(core, sqlite), TIME, dp);

        Manifest manifest = manifest(dp);
        assertThat(manifest.getEntries()).containsOnlyKeys("bundles/io.dmkit.core.jar", "bundles/sqlite-jdbc-3.54.1.0.jar");
        Attributes section = manifest.getAttributes("bundles/sqlite-jdbc-3.54.1.0.jar");
        assertThat(section.getValue("Bundle-SymbolicName")).isEqualTo("org.xerial.sqlite-jdbc");
        assertThat(section.getValue("Bundle-Version")).isEqualTo("3.54.1.0");
        assertThat(entryNames(dp)).containsExactly("META-INF/MANIFEST.MF", "bundles/io.dmkit.core.jar",
                "bundles/sqlite-jdbc-3.54.1.0.jar");
    }

    @Test
    void bundlesAreStoredUnchanged() throws IOException {
        Path a = bundle("a", "1.0.0");
        Path dp = dir.resolve("x.dp");
        DeploymentPackageWriter.write("x", "1.0.0", List.of(a), TIME, dp);

        try (JarFile jar = new JarFile(dp.toFile()); InputStream in = jar.getInputStream(jar.getEntry("bundles/a.jar"))) {
            assertThat(in.readAllBytes()).isEqualTo(Files.readAllBytes(a));
        }
    }

    @Test
    void theSameInputsGiveTheSameBytes() throws IOException {
        List<Path> bundles = List.of(bundle("a", "1.0.0"), bundle("b", "2.0.0"));
        DeploymentPackageWriter.write("x", "1.0.0", bundles, TIME, dir.resolve("1.dp"));
        DeploymentPackageWriter.write("x", "1.0.0", bundles, TIME, dir.resolve("2.dp"));

        assertThat(Files.readAllBytes(dir.resolve("1.dp"))).isEqualTo(Files.readAllBytes(dir.resolve("2.dp")));
    }

    @Test
    void aJarThatIsNotABundleIsRefused() throws IOException {
        Path plain = jar("plain.jar", new Manifest());

        assertThatThrownBy(() -> DeploymentPackageWriter.write("x", "1.0.0", List.of(plain), TIME, dir.resolve("x.dp")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("plain.jar is not an OSGi bundle");
    }

    @Test
    void twoCopiesOfOneBundleAreRefused() throws IOException {
        Path older = jar("a-1.jar", manifestOf("a", "1.0.0"));
        Path newer = jar("a-2.jar", manifestOf("a", "2.0.0"));

        assertThatThrownBy(() -> DeploymentPackageWriter.write("x", "1.0.0", List.of(older, newer), TIME,
                dir.resolve("x.dp")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("would hold a twice (a-2.jar)");
    }

    @Test
    void thePackageTakesTheOneVersionOfItsDmkitBundles() throws IOException {
        List<Path> bundles = List.of(bundle("com.google.gson", "2.11.0"), bundle("io.dmkit.api", "0.1.0.SNAPSHOT"),
                bundle("io.dmkit.core", "0.1.0.SNAPSHOT"));

        assertThat(BuildDeploymentPackages.versionOf("io.dmkit.core", bundles)).isEqualTo("0.1.0.SNAPSHOT");
    }

    @Test
    void dmkitBundlesOfDifferentVersionsInOnePackageAreABuildError() throws IOException {
        List<Path> bundles = List.of(bundle("io.dmkit.api", "0.1.0.SNAPSHOT"), bundle("io.dmkit.core", "0.2.0"));

        assertThatThrownBy(() -> BuildDeploymentPackages.versionOf("io.dmkit.core", bundles))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("[0.1.0.SNAPSHOT, 0.2.0]");
    }

    /** A bundle jar named after its symbolic name, as maven-dependency-plugin would copy it. */
    private Path bundle(String symbolicName, String version) throws IOException {
        return jar(symbolicName + ".jar", manifestOf(symbolicName, version));
    }

    private static Manifest manifestOf(String symbolicName, String version) {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Bundle-SymbolicName", symbolicName);
        manifest.getMainAttributes().putValue("Bundle-Version", version);
        return manifest;
    }

    private Path jar(String name, Manifest manifest) throws IOException {
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        Path jar = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out, manifest)) {
            zip.putNextEntry(new ZipEntry("content.txt"));
            zip.write(name.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return jar;
    }

    private static List<String> entryNames(Path jar) throws IOException {
        List<String> names = new ArrayList<>();
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(jar))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                names.add(e.getName());
            }
        }
        return names;
    }

    private static Manifest manifest(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.getManifest();
        }
    }
}
