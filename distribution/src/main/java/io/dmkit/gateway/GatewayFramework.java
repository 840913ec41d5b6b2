package io.dmkit.gateway;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.startlevel.FrameworkStartLevel;
import org.osgi.framework.wiring.BundleRevision;

/**
 * Apache Felix, found through the standard {@link FrameworkFactory} on the launcher's class path,
 * with the bundles of {@code lib/bundles}. Felix's {@code start()} returns once every bundle of the
 * beginning start level has been started; {@link #raiseStartLevel} starts the rest.
 */
final class GatewayFramework {

    private final Framework framework;

    private GatewayFramework(Framework framework) {
        this.framework = framework;
    }

    /**
     * Creates, provisions and starts the framework.
     *
     * @throws BundleException if the framework cannot start (its cache is locked by another process, say)
     */
    static GatewayFramework start(Map<String, String> properties, Path bundlesDir, BundleStartOrder order)
            throws BundleException, IOException {
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class, GatewayFramework.class.getClassLoader())
                .findFirst().orElseThrow(() -> new IllegalStateException("no OSGi framework on the class path"));
        Framework framework = factory.newFramework(properties);
        framework.init();
        try {
            BundleProvisioner.provision(framework.getBundleContext(), bundlesDir, order);
            framework.start();
            return new GatewayFramework(framework);
        } catch (BundleException | IOException | RuntimeException e) {
            stopQuietly(framework);
            throw e;
        }
    }

    /**
     * Starts the bundles up to {@code level}, in level order, and waits until they are started.
     *
     * @throws IllegalStateException if that takes longer than {@code timeout}
     */
    void raiseStartLevel(int level, Duration timeout) throws InterruptedException {
        CountDownLatch changed = new CountDownLatch(1);
        framework.adapt(FrameworkStartLevel.class).setStartLevel(level, event -> {
            if (event.getType() == FrameworkEvent.STARTLEVEL_CHANGED) {
                changed.countDown();
            }
        });
        if (!changed.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("the bundles did not start within " + timeout.toSeconds() + " s");
        }
    }

    /** Starts the Gogo shell on standard input, for this run only. */
    void startShell() throws BundleException {
        for (Bundle bundle : framework.getBundleContext().getBundles()) {
            if (BundleStartOrder.GOGO_SHELL.equals(bundle.getSymbolicName())) {
                bundle.start(Bundle.START_TRANSIENT);
                return;
            }
        }
        throw new BundleException("the Gogo shell bundle is not installed");
    }

    /**
     * The bundles that should be active by now and are not (a missing dependency, an activator that
     * threw): the framework has logged why; the banner names them.
     */
    List<String> inactiveBundles() {
        List<String> inactive = new ArrayList<>();
        for (Bundle bundle : framework.getBundleContext().getBundles()) {
            BundleRevision revision = bundle.adapt(BundleRevision.class);
            boolean fragment = revision != null && (revision.getTypes() & BundleRevision.TYPE_FRAGMENT) != 0;
            BundleStartLevel level = bundle.adapt(BundleStartLevel.class);
            if (bundle.getBundleId() != 0 && !fragment && bundle.getState() != Bundle.ACTIVE
                    && level != null && level.isPersistentlyStarted()) {
                inactive.add(bundle.getSymbolicName());
            }
        }
        return inactive;
    }

    /**
     * Stops every bundle, in reverse start order, and waits for the framework to stop.
     *
     * @return whether it stopped within {@code timeout}
     */
    boolean stop(Duration timeout) throws InterruptedException {
        try {
            framework.stop();
        } catch (BundleException e) {
            return false;
        }
        return framework.waitForStop(timeout.toMillis()).getType() != FrameworkEvent.WAIT_TIMEDOUT;
    }

    /** Blocks until the framework has stopped, whoever stopped it (the shutdown hook, Gogo's {@code stop 0}). */
    void awaitStopped() throws InterruptedException {
        framework.waitForStop(0);
    }

    private static void stopQuietly(Framework framework) {
        try {
            framework.stop();
            framework.waitForStop(Duration.ofSeconds(10).toMillis());
        } catch (BundleException e) {
            // not started: nothing to stop
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
