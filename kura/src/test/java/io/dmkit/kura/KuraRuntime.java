package io.dmkit.kura;

import io.dmkit.testing.Await;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.service.deploymentadmin.DeploymentAdmin;

/**
 * An OSGi framework dressed like Eclipse Kura 5 as far as deployment packages care: the one
 * {@link FrameworkFactory} on the class path (Felix or Equinox, chosen by the build), started in-process
 * with every bundle of a platform folder (Declarative Services, ConfigAdmin, Metatype, EventAdmin, Felix
 * Dependency Manager and Deployment Admin, and Kura's own older library copies) installed and started.
 *
 * <p>The Deployment Admin API is exported by the system bundle from this class path, so that the test can
 * call the service it finds; the Deployment Admin bundle, which exports the API itself too, then wires to
 * the framework's copy.
 */
final class KuraRuntime implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(30);

    private static final String DEPLOYMENT_ADMIN_API =
            "org.osgi.service.deploymentadmin;version=1.1.0,org.osgi.service.deploymentadmin.spi;version=1.1.0";

    private final Framework framework;

    private KuraRuntime(Framework framework) {
        this.framework = framework;
    }

    /** Starts a framework storing its state in {@code storage} (emptied first) with the bundles in {@code platform}. */
    static KuraRuntime start(Path storage, Path platform) throws BundleException, IOException {
        Framework framework = onlyFrameworkFactory().newFramework(Map.of(
                Constants.FRAMEWORK_STORAGE, storage.toAbsolutePath().toString(),
                Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT,
                Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, DEPLOYMENT_ADMIN_API,
                // Felix resolves on the calling thread: its resolver pool threads outlive the framework
                // (Equinox ignores the property)
                "felix.resolver.parallelism", "1"));
        framework.start();
        KuraRuntime runtime = new KuraRuntime(framework);
        try {
            runtime.installAndStart(platform);
        } catch (BundleException | IOException | RuntimeException e) {
            runtime.close();
            throw e;
        }
        return runtime;
    }

    BundleContext context() {
        return framework.getBundleContext();
    }

    /** The Deployment Admin service, once its bundle has registered it. */
    DeploymentAdmin deploymentAdmin() {
        BundleContext context = context();
        return Await.value("the DeploymentAdmin service (is Deployment Admin wired to the framework's API?)", WAIT,
                () -> {
                    ServiceReference<DeploymentAdmin> ref = context.getServiceReference(DeploymentAdmin.class);
                    return ref == null ? null : context.getService(ref);
                });
    }

    /** Every installed bundle with this symbolic name, whatever its version. */
    List<Bundle> bundlesNamed(String symbolicName) {
        return Arrays.stream(context().getBundles())
                .filter(b -> symbolicName.equals(b.getSymbolicName()))
                .collect(Collectors.toList());
    }

    @Override
    public void close() {
        try {
            framework.stop();
            FrameworkEvent event = framework.waitForStop(WAIT.toMillis());
            if (event.getType() == FrameworkEvent.WAIT_TIMEDOUT) {
                throw new AssertionError("the framework did not stop within " + WAIT);
            }
        } catch (BundleException e) {
            throw new AssertionError("could not stop the framework", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while stopping the framework", e);
        }
    }

    private void installAndStart(Path platform) throws BundleException, IOException {
        List<Bundle> installed = new ArrayList<>();
        for (Path jar : jars(platform)) {
            // Equinox has a log service of its own (as in Kura); Felix needs felix.log for Metatype and DA
            if (symbolicName(jar).equals("org.apache.felix.log") && systemBundleExports("org.osgi.service.log")) {
                continue;
            }
            installed.add(context().installBundle(jar.toUri().toString()));
        }
        for (Bundle bundle : installed) {
            if (bundle.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                bundle.start();
            }
        }
    }

    private boolean systemBundleExports(String packageName) {
        return framework.adapt(BundleWiring.class).getCapabilities(PackageNamespace.PACKAGE_NAMESPACE).stream()
                .anyMatch(c -> packageName.equals(c.getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE)));
    }

    private static List<Path> jars(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> jars = files.filter(p -> p.toString().endsWith(".jar")).sorted().collect(Collectors.toList());
            if (jars.isEmpty()) {
                throw new IOException("no platform bundles in " + folder + " (run the build's pre-integration-test phase)");
            }
            return jars;
        }
    }

    private static String symbolicName(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            String name = file.getManifest().getMainAttributes().getValue(Constants.BUNDLE_SYMBOLICNAME);
            return name == null ? "" : name.split(";", 2)[0].trim();
        }
    }

    private static FrameworkFactory onlyFrameworkFactory() {
        List<FrameworkFactory> factories = new ArrayList<>();
        ServiceLoader.load(FrameworkFactory.class).forEach(factories::add);
        if (factories.size() != 1) {
            throw new IllegalStateException("expected exactly one OSGi framework on the class path, found "
                    + factories.stream().map(f -> f.getClass().getName()).collect(Collectors.toList()));
        }
        return factories.get(0);
    }
}
