package io.dmkit.gateway;

import io.dmkit.emulator.AuthKind;
import io.dmkit.emulator.Dialect;
import io.dmkit.emulator.Emulator;
import io.dmkit.emulator.EmulatorOptions;
import io.dmkit.emulator.Endpoints;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * The emulator in the gateway's own process, outside the OSGi framework: HiveMQ and its thirty
 * libraries sit on the launcher's class path, and the session inside the framework reaches it over a
 * real loopback socket, as it would a cloud. It knows device {@value DefaultSession#DEVICE_ID}.
 */
public final class EmbeddedEmulator implements AutoCloseable {

    private final Emulator emulator;

    private EmbeddedEmulator(Emulator emulator) {
        this.emulator = emulator;
    }

    /**
     * Starts the emulator with its state in {@code stateDir} and registers the demo device (ThingsPro,
     * no authentication) unless a device with that id is already registered: the user may have
     * replaced it, and the registry survives restarts.
     *
     * @throws IOException if a port is taken or the state directory cannot be used
     */
    public static EmbeddedEmulator start(Path stateDir, GatewayArguments.EmulatorPorts ports) throws IOException {
        Emulator emulator = Emulator.start(EmulatorOptions.builder(stateDir).mqttPort(ports.mqtt())
                .mqttTlsPort(ports.mqttTls()).webSocketTlsPort(ports.webSocketTls()).httpPort(ports.http()).build());
        try {
            if (emulator.device(DefaultSession.DEVICE_ID).isEmpty()) {
                emulator.registerDevice(DefaultSession.DEVICE_ID, Dialect.THINGSPRO, AuthKind.NONE);
            }
            return new EmbeddedEmulator(emulator);
        } catch (RuntimeException e) {
            emulator.close();
            throw e;
        }
    }

    /**
     * Starts the emulator on a thread of its own, so that the framework starts meanwhile: HiveMQ takes
     * a few seconds, as does Felix with Jetty.
     */
    public static CompletableFuture<EmbeddedEmulator> startInBackground(Path stateDir,
            GatewayArguments.EmulatorPorts ports) {
        CompletableFuture<EmbeddedEmulator> started = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                started.complete(start(stateDir, ports));
            } catch (IOException | RuntimeException e) {
                started.completeExceptionally(e);
            }
        }, "dmkit-gateway-emulator-start");
        thread.setDaemon(true);
        thread.start();
        return started;
    }

    public Endpoints endpoints() {
        return emulator.endpoints();
    }

    /** Whether the demo device is registered and has a connection to the emulator now. */
    public boolean demoDeviceConnected() {
        return emulator.device(DefaultSession.DEVICE_ID).isPresent()
                && emulator.connection(DefaultSession.DEVICE_ID).connected();
    }

    /** Whether the demo device is registered and has connected at least once since the emulator started. */
    public boolean demoDeviceEverConnected() {
        return emulator.device(DefaultSession.DEVICE_ID).isPresent()
                && emulator.connection(DefaultSession.DEVICE_ID).connects() > 0;
    }

    /** Stops the broker, the REST API and every emulator thread. */
    @Override
    public void close() {
        emulator.close();
    }
}
