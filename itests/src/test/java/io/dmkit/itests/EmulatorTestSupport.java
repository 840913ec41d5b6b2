package io.dmkit.itests;

import io.dmkit.testing.EmulatorClient;
import io.dmkit.testing.EmulatorProcess;
import java.nio.file.Path;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.SynchronousBundleListener;

/**
 * In-container tests against the dmkit emulator (Azure and AWS dialects): the emulator runs as a
 * separate process, one per test class, started on first use; the gateway in the framework reaches
 * it over real TLS sockets and the test drives the cloud side over its REST API.
 *
 * <p>The emulator stops when the test probe bundle stops, at the end of the class. Not in an
 * {@code @AfterClass}: Pax Exam runs every test method as a JUnit request of its own inside the
 * framework, so that would run after each method and restart the emulator (a JVM with HiveMQ, several
 * seconds) for every test. A shutdown hook of {@link EmulatorProcess} covers a test JVM that dies.
 */
public abstract class EmulatorTestSupport extends OsgiTestSupport {

    private static EmulatorProcess emulator;

    @Override
    protected boolean usesMosquittoCloud() {
        return false;
    }

    /** The emulator of this test class, started on first use. */
    protected EmulatorProcess emulator() {
        synchronized (EmulatorTestSupport.class) {
            if (emulator == null) {
                Path jar = Path.of(System.getProperty("dmkit.emulator.jar", "../emulator/target/dmkit-emulator.jar"));
                emulator = EmulatorProcess.start(jar, Cloud.testDir().resolve("emulator-" + getClass().getSimpleName()));
                stopWithTheProbe();
            }
            return emulator;
        }
    }

    protected EmulatorClient cloudApi() {
        return emulator().client();
    }

    private void stopWithTheProbe() {
        Bundle probe = context.getBundle();
        context.addBundleListener((SynchronousBundleListener) event -> {
            if (event.getBundle().equals(probe) && event.getType() == BundleEvent.STOPPING) {
                stopEmulator();
            }
        });
    }

    private static void stopEmulator() {
        synchronized (EmulatorTestSupport.class) {
            if (emulator != null) {
                emulator.close();
                emulator = null;
            }
        }
    }
}
