package io.dmkit.itests;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemPackage;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import io.dmkit.api.ConnectionState;
import io.dmkit.api.DmSession;
import io.dmkit.api.SessionConfig;
import io.dmkit.testing.Await;
import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import javax.inject.Inject;
import org.junit.After;
import org.junit.Before;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * In-container tests: an OSGi framework (Apache Felix or Eclipse Equinox, see {@link Framework}) with
 * Felix SCR, ConfigAdmin, Metatype and the dmkit bundles, one framework per test class, a fresh broker
 * and service (a {@link Cloud}) per test method. Test methods run inside the framework, in the test
 * probe bundle, which also registers the test's handlers and listeners: a real bundle using the
 * whiteboard.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public abstract class OsgiTestSupport {

    protected static final Duration WAIT = Duration.ofSeconds(20);

    /**
     * The frameworks the suite runs on, and everything that differs between them. Which one runs is
     * decided by the class path (Pax Exam's native container starts the first {@code FrameworkFactory}
     * it finds); the build says which one it put there through the {@code dmkit.framework} system
     * property, and {@link FrameworkIT} checks that the two agree.
     */
    public enum Framework {
        FELIX("org.apache.felix.framework",
                // Metatype imports org.osgi.service.log; Felix has no log service of its own
                List.of("org.apache.felix.log")),
        EQUINOX("org.eclipse.osgi",
                // Equinox's system bundle exports org.osgi.service.log and provides the log service. No
                // framework properties either: embedded, Equinox starts no console and no application,
                // and its system packages and boot delegation (java.* only) serve every bundle here.
                List.of());

        /** The system bundle's symbolic name. */
        public final String systemBundle;
        private final List<String> bundles;

        Framework(String systemBundle, List<String> bundles) {
            this.systemBundle = systemBundle;
            this.bundles = bundles;
        }

        /** The framework this run is configured for: {@code -Ddmkit.framework=felix|equinox}, Felix if unset. */
        public static Framework expected() {
            return valueOf(System.getProperty("dmkit.framework", "felix").trim().toUpperCase(Locale.ROOT));
        }

        String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Set once per test class: the probe bundle, and with it this class, is fresh in each framework. */
    private static boolean frameworkLogged;

    @Inject
    protected BundleContext context;

    @Inject
    protected ConfigurationAdmin configAdmin;

    protected Cloud cloud;

    private final List<Configuration> configurations = new ArrayList<>();
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();

    @org.ops4j.pax.exam.Configuration
    public Option[] config() {
        String dir = System.getProperty("dmkit.bundles", "target/bundles");
        List<Option> bundles = new ArrayList<>();
        Framework framework = Framework.expected();
        List<String> names = new ArrayList<>(List.of(
                // OSGi services the runtime needs; SCR 2.2 wants promise, function and the DS API installed
                "org.osgi.util.function", "org.osgi.util.promise", "org.osgi.service.component"));
        names.addAll(framework.bundles);
        names.addAll(List.of("org.apache.felix.scr", "org.apache.felix.configadmin", "org.apache.felix.metatype",
                // libraries
                "gson", "org.eclipse.paho.client.mqttv3", "bcprov-jdk18on", "bcutil-jdk18on", "bcpkix-jdk18on",
                "bctls-jdk18on", "sqlite-jdbc", "byte-buddy", "assertj-core",
                // dmkit
                "io.dmkit.api", "io.dmkit.core", "io.dmkit.dispatcher", "io.dmkit.transport.thingspro",
                "io.dmkit.transport.azure", "io.dmkit.transport.aws",
                // the emulator's ThingsPro cloud side as a bundle, and test support
                "io.dmkit.testing.thingspro", "io.dmkit.testing"));
        names.addAll(extraBundles());
        for (String name : names) {
            File jar = new File(dir, name + ".jar");
            if (!jar.isFile()) {
                throw new IllegalStateException("missing bundle " + jar.getAbsolutePath() + ": build with mvn verify");
            }
            bundles.add(bundle(jar.toURI().toString()));
        }
        bundles.add(junitBundles());
        bundles.add(cleanCaches(true));
        // Each framework and class its own storage and test files: the two runs never share a directory
        // dmkit logs through SLF4J: the framework exports the test JVM's (whose provider, slf4j-jdk14, hands the
        // lines to java.util.logging, where LogCapture reads them), as the gateway exports its Logback's
        // (Pax Exam's systemPackage adds to the extra system packages, which it fills with its own too)
        bundles.add(systemPackage("org.slf4j;version=" + System.getProperty("dmkit.slf4j.version")));
        bundles.add(frameworkProperty("org.osgi.framework.storage").value(
                new File("target/osgi/" + framework.id() + "/" + getClass().getSimpleName()).getAbsolutePath()));
        bundles.add(systemProperty("dmkit.testdir").value(
                new File("target/test-cloud/" + framework.id()).getAbsolutePath()));
        return options(bundles.toArray(Option[]::new));
    }

    /** Bundles (file names under target/bundles, without .jar) that only this test class installs. */
    protected List<String> extraBundles() {
        return List.of();
    }

    @Before
    public void logFramework() {
        if (!frameworkLogged) {
            frameworkLogged = true;
            Bundle system = context.getBundle(0);
            System.out.println(getClass().getSimpleName() + " runs in " + system.getSymbolicName() + " "
                    + system.getVersion() + " (expected: " + Framework.expected().id() + ")");
        }
    }

    @Before
    public void startCloud() throws Exception {
        if (usesMosquittoCloud()) {
            cloud = Cloud.start(Cloud.testDir().resolve(getClass().getSimpleName()));
        }
    }

    /** Whether each test gets a {@link Cloud} (Mosquitto and the ThingsPro cloud side); emulator tests do not. */
    protected boolean usesMosquittoCloud() {
        return true;
    }

    @After
    public void cleanUp() throws Exception {
        for (ServiceRegistration<?> r : registrations) {
            try {
                r.unregister();
            } catch (IllegalStateException e) {
                // unregistered by the test
            }
        }
        registrations.clear();
        for (Configuration c : configurations) {
            try {
                c.delete();
            } catch (IllegalStateException e) {
                // deleted by the test
            }
        }
        configurations.clear();
        Await.until("every session removed", WAIT, () -> sessionReferences("(" + DmSession.SESSION_NAME + "=*)")
                .isEmpty());
        if (cloud != null) {
            cloud.close();
        }
    }

    /** Creates a session factory configuration; it is deleted after the test. */
    protected Configuration createSession(Map<String, Object> properties) throws IOException {
        Configuration c = configAdmin.createFactoryConfiguration(SessionConfig.FACTORY_PID, "?");
        c.update(new Hashtable<>(properties));
        configurations.add(c);
        return c;
    }

    /** Registers a service from the test bundle; it is unregistered after the test. */
    protected <S> ServiceRegistration<S> register(Class<S> type, S service, Map<String, ?> properties) {
        ServiceRegistration<S> r = context.registerService(type, service, new Hashtable<>(properties));
        registrations.add(r);
        return r;
    }

    /** Waits for the DmSession service with that name. */
    protected DmSession awaitSession(String name) {
        return Await.value("DmSession service " + name, WAIT, () -> {
            List<ServiceReference<DmSession>> refs = sessionReferences("(" + DmSession.SESSION_NAME + "=" + name + ")");
            return refs.isEmpty() ? null : context.getService(refs.get(0));
        });
    }

    /** Waits until the session's state matches. */
    protected static ConnectionState awaitState(DmSession session, String description, Predicate<ConnectionState> p) {
        Await.until(session.name() + " " + description + " (now " + session.state() + ")", WAIT,
                () -> p.test(session.state()));
        return session.state();
    }

    protected List<ServiceReference<DmSession>> sessionReferences(String filter) {
        try {
            return new ArrayList<>(context.getServiceReferences(DmSession.class, filter));
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
