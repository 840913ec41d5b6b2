package io.dmkit.itests;

import io.dmkit.testing.EmulatorClient;
import io.dmkit.testing.EmulatorProcess;
import java.nio.file.Path;
import org.junit.AfterClass;

/**
 * In-container tests against the dmkit emulator (Azure and AWS dialects): the emulator runs as a
 * separate process, one per test class, started on first use; the gateway in the framework reaches
 * it over real TLS sockets and the test drives the cloud side over its REST API.
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
            }
            return emulator;
        }
    }

    protected EmulatorClient cloudApi() {
        return emulator().client();
    }

    @AfterClass
    public static void stopEmulator() {
        synchronized (EmulatorTestSupport.class) {
            if (emulator != null) {
                emulator.close();
                emulator = null;
            }
        }
    }
}
