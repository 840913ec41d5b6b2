package io.dmkit.gateway;

import java.io.PrintStream;
import java.time.Duration;

/**
 * Stops the gateway in the one order that lets sessions go offline cleanly: the framework first (its
 * bundles stop in reverse start order; each session publishes its offline status and disconnects while
 * the broker still runs), then the emulator. Runs from the JVM's shutdown hook (Ctrl-C, SIGTERM) or
 * from the launcher's main thread once the framework has stopped by itself (Gogo's {@code exit});
 * whichever comes first does the work.
 */
final class GatewayShutdown implements Runnable {

    /**
     * How long the framework may take to stop before the emulator is closed anyway. It takes well under
     * a second; HiveMQ then takes about five, and a stop must stay within ten.
     */
    static final Duration FRAMEWORK_STOP_TIMEOUT = Duration.ofSeconds(4);
    /** How long to wait for the emulator to see the demo device's connection end. */
    static final Duration DISCONNECT_WAIT = Duration.ofSeconds(1);

    private final PrintStream out;
    private GatewayFramework framework;
    private EmbeddedEmulator emulator;
    private boolean done;

    GatewayShutdown(PrintStream out) {
        this.out = out;
    }

    /** Called when the emulator has started; closes it at once if the gateway is already stopping. */
    synchronized void emulatorStarted(EmbeddedEmulator started) {
        if (done) {
            started.close();
        } else {
            this.emulator = started;
        }
    }

    synchronized void frameworkStarted(GatewayFramework started) {
        this.framework = started;
    }

    @Override
    public synchronized void run() {
        if (done) {
            return;
        }
        done = true;
        PromptAfterLogLines.hidePrompt(); // the shell stops with the framework: no prompt after the lines of the stop
        if (framework == null && emulator == null) {
            return; // nothing started
        }
        try {
            if (framework != null && !framework.stop(FRAMEWORK_STOP_TIMEOUT)) {
                out.println("dmkit gateway: the framework did not stop within " + FRAMEWORK_STOP_TIMEOUT.toSeconds()
                        + " s; stopping the emulator anyway");
            }
            if (emulator != null) {
                reportDemoDevice();
                emulator.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        out.println("dmkit gateway stopped");
    }

    /**
     * Says whether the demo device's connection ended before the emulator stops: proof that the session
     * disconnected by itself rather than being cut off with the broker.
     */
    private void reportDemoDevice() throws InterruptedException {
        if (!emulator.demoDeviceEverConnected()) {
            return; // nothing to report: the demo session was removed, or never got to connect
        }
        long deadline = System.nanoTime() + DISCONNECT_WAIT.toNanos();
        while (emulator.demoDeviceConnected() && System.nanoTime() < deadline) {
            Thread.sleep(20); // the broker notes a DISCONNECT asynchronously; polled within a deadline
        }
        out.println(emulator.demoDeviceConnected()
                ? "dmkit gateway: " + DefaultSession.DEVICE_ID + " is still connected to the emulator; closing it anyway"
                : "dmkit gateway: " + DefaultSession.DEVICE_ID + " is disconnected from the emulator");
    }
}
