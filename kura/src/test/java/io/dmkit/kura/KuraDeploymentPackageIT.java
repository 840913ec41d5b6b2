package io.dmkit.kura;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmkit.testing.Await;
import io.dmkit.testing.ThreadCheck;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.service.deploymentadmin.BundleInfo;
import org.osgi.service.deploymentadmin.DeploymentAdmin;
import org.osgi.service.deploymentadmin.DeploymentException;
import org.osgi.service.deploymentadmin.DeploymentPackage;

/**
 * The .dp files of target/dp install the way Eclipse Kura installs them: through Apache Felix Deployment
 * Admin, into a framework that already runs what Kura 5 provides (see {@link KuraRuntime}). One framework
 * serves the whole class; every test installs the packages it needs that are not there yet, so the tests do
 * not depend on their order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KuraDeploymentPackageIT {

    private static final String CORE = "io.dmkit.core";
    private static final String AWS = "io.dmkit.transport.aws";
    /** Every package, in the order docs/kura.md gives: the core set first. */
    private static final List<String> PACKAGES = List.of(CORE, "io.dmkit.transport.thingspro",
            "io.dmkit.transport.azure", AWS, "io.dmkit.examples");
    private static final Map<String, String> SYSTEM_BUNDLES = Map.of(
            "felix", "org.apache.felix.framework", "equinox", "org.eclipse.osgi");

    private final Path dpDir = Path.of(System.getProperty("dmkit.dp.dir", "target/dp"));
    private final String frameworkName = System.getProperty("dmkit.framework", "felix");
    private Set<Thread> threadsBefore;
    private KuraRuntime kura;
    private DeploymentAdmin deploymentAdmin;

    @BeforeAll
    void startKura() throws Exception {
        threadsBefore = ThreadCheck.snapshot();
        Path storage = Path.of(System.getProperty("dmkit.kura.storage", "target/kura-it")).resolve(frameworkName);
        kura = KuraRuntime.start(storage, Path.of(System.getProperty("dmkit.kura.platform", "target/kura-platform")));
        deploymentAdmin = kura.deploymentAdmin();
    }

    @AfterAll
    void stopKura() {
        if (kura != null) {
            kura.close();
        }
        ThreadCheck.awaitNoNewThreads(threadsBefore, KuraRuntime.WAIT);
    }

    @Test
    void runsOnTheFrameworkTheBuildAskedFor() {
        assertThat(kura.context().getBundle(0).getSymbolicName()).isEqualTo(SYSTEM_BUNDLES.get(frameworkName));
    }

    @Test
    void eachPackageInstallsAndStartsEveryOneOfItsBundles() throws Exception {
        for (String name : PACKAGES) {
            DeploymentPackage dp = install(name);

            assertThat(dp.getName()).isEqualTo(name);
            assertThat(installedPackageNames()).containsOnlyOnce(name);
            assertThat(dp.getBundleInfos()).as(name).isNotEmpty();
            for (BundleInfo info : dp.getBundleInfos()) {
                Bundle bundle = dp.getBundle(info.getSymbolicName());
                assertThat(bundle).as(name + ": " + info.getSymbolicName()).isNotNull();
                assertThat(bundle.getVersion()).as(info.getSymbolicName()).isEqualTo(info.getVersion());
                int expected = bundle.getHeaders().get(Constants.FRAGMENT_HOST) == null ? Bundle.ACTIVE : Bundle.RESOLVED;
                assertThat(state(bundle)).as(name + ": " + info.getSymbolicName()).isEqualTo(state(expected));
            }
        }
    }

    @Test
    void theCorePackageHoldsTheDmkitCoreAndEveryLibraryKuraDoesNotProvideUsably() throws Exception {
        assertThat(bundleNames(install(CORE))).containsExactlyInAnyOrder("io.dmkit.api", "io.dmkit.core",
                "io.dmkit.dispatcher", "com.google.gson", "org.eclipse.paho.client.mqttv3", "bcprov", "bcutil",
                "bcpkix", "bctls", "org.xerial.sqlite-jdbc");
    }

    @Test
    void theCoreServiceAndOneTransportFactoryPerTransportPackageAreRegistered() throws Exception {
        installAll();

        Await.until("the DeviceManagement service of io.dmkit.core", KuraRuntime.WAIT,
                () -> !services("io.dmkit.api.DeviceManagement").isEmpty());
        Await.until("a TransportFactory for thingspro, azure and aws", KuraRuntime.WAIT,
                () -> transportCloudTypes().equals(Set.of("aws", "azure", "thingspro")));
        Await.until("the example command handler", KuraRuntime.WAIT,
                () -> services("io.dmkit.api.handler.CommandHandler").stream()
                        .anyMatch(r -> "io.dmkit.examples.commands".equals(r.getBundle().getSymbolicName())));
        assertThat(services("io.dmkit.api.DeviceManagement"))
                .allMatch(r -> CORE.equals(r.getBundle().getSymbolicName()));
    }

    @Test
    void installingAPackageOfTheSameVersionAgainKeepsItsBundlesAndAddsNone() throws Exception {
        installAll();
        DeploymentPackage before = deploymentAdmin.getDeploymentPackage(CORE);
        List<Long> bundleIds = bundleIds(before);
        int bundleCount = kura.context().getBundles().length;

        DeploymentPackage again = install(CORE);

        assertThat(again.getVersion()).isEqualTo(before.getVersion());
        assertThat(bundleIds(again)).isEqualTo(bundleIds);
        assertThat(kura.context().getBundles()).hasSize(bundleCount);
        assertThat(installedPackageNames()).containsOnlyOnce(CORE);
        assertThat(again.getBundleInfos()).allSatisfy(info ->
                assertThat(state(again.getBundle(info.getSymbolicName()))).isEqualTo(state(Bundle.ACTIVE)));
    }

    @Test
    void uninstallingATransportPackageRemovesItsBundleAndLeavesTheOthersRunning() throws Exception {
        installAll();

        deploymentAdmin.getDeploymentPackage(AWS).uninstall();

        assertThat(installedPackageNames()).doesNotContain(AWS).contains(CORE, "io.dmkit.transport.thingspro");
        assertThat(kura.bundlesNamed("io.dmkit.transport.aws")).isEmpty();
        Await.until("the aws TransportFactory to go", KuraRuntime.WAIT,
                () -> transportCloudTypes().equals(Set.of("azure", "thingspro")));
        assertThat(state(kura.bundlesNamed("io.dmkit.transport.thingspro").get(0))).isEqualTo(state(Bundle.ACTIVE));
        assertThat(state(kura.bundlesNamed(CORE).get(0))).isEqualTo(state(Bundle.ACTIVE));
    }

    @Test
    void theCoresLibrariesRunBesideKurasOwnOlderCopies() throws Exception {
        installAll();
        DeploymentPackage core = deploymentAdmin.getDeploymentPackage(CORE);

        // the platform has Kura's gson and Bouncy Castle; the packages wire to the copies the core package brought
        assertThat(kura.bundlesNamed("com.google.gson")).hasSize(2);
        assertThat(kura.bundlesNamed("bctls")).hasSize(2);
        assertThat(provider(CORE, "com.google.gson")).isEqualTo(core.getBundle("com.google.gson"));
        assertThat(provider("io.dmkit.transport.thingspro", "org.bouncycastle.tls")).isEqualTo(core.getBundle("bctls"));
        assertThat(provider("io.dmkit.transport.aws", "org.eclipse.paho.client.mqttv3"))
                .isEqualTo(core.getBundle("org.eclipse.paho.client.mqttv3"));
    }

    /** Installs the packages not installed yet: installing one again stops and restarts its bundles. */
    private void installAll() throws IOException, DeploymentException {
        for (String name : PACKAGES) {
            if (deploymentAdmin.getDeploymentPackage(name) == null) {
                install(name);
            }
        }
    }

    private DeploymentPackage install(String name) throws IOException, DeploymentException {
        Path file = dpDir.resolve(name + ".dp");
        assertThat(file).as("built by the package phase").isRegularFile();
        try (InputStream in = Files.newInputStream(file)) {
            return deploymentAdmin.installDeploymentPackage(in);
        }
    }

    private List<String> installedPackageNames() {
        return Arrays.stream(deploymentAdmin.listDeploymentPackages()).map(DeploymentPackage::getName)
                .collect(Collectors.toList());
    }

    private static List<String> bundleNames(DeploymentPackage dp) {
        return Arrays.stream(dp.getBundleInfos()).map(BundleInfo::getSymbolicName).collect(Collectors.toList());
    }

    private static List<Long> bundleIds(DeploymentPackage dp) {
        return Arrays.stream(dp.getBundleInfos()).map(i -> dp.getBundle(i.getSymbolicName()).getBundleId())
                .collect(Collectors.toList());
    }

    /** The bundle whose export of {@code packageName} the bundle {@code importer} is wired to. */
    private Bundle provider(String importer, String packageName) {
        BundleWiring wiring = kura.bundlesNamed(importer).get(0).adapt(BundleWiring.class);
        Optional<BundleWire> wire = wiring.getRequiredWires(PackageNamespace.PACKAGE_NAMESPACE).stream()
                .filter(w -> packageName.equals(w.getCapability().getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE)))
                .findFirst();
        assertThat(wire).as(importer + " imports " + packageName).isPresent();
        return wire.get().getProvider().getBundle();
    }

    private Set<String> transportCloudTypes() {
        return services("io.dmkit.api.spi.TransportFactory").stream()
                .map(r -> String.valueOf(r.getProperty("dm.cloud.type")))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** All services of {@code className}, whatever class space they live in (the test sees none of them). */
    private List<ServiceReference<?>> services(String className) {
        try {
            ServiceReference<?>[] refs = kura.context().getAllServiceReferences(className, null);
            return refs == null ? List.of() : List.of(refs);
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static String state(Bundle bundle) {
        return state(bundle.getState());
    }

    private static String state(int state) {
        switch (state) {
            case Bundle.ACTIVE: return "ACTIVE";
            case Bundle.RESOLVED: return "RESOLVED";
            case Bundle.INSTALLED: return "INSTALLED (not resolved)";
            case Bundle.STARTING: return "STARTING";
            case Bundle.STOPPING: return "STOPPING";
            default: return "state " + state;
        }
    }
}
