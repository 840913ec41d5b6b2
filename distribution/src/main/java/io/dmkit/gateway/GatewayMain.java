package io.dmkit.gateway;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.osgi.framework.BundleException;

/**
 * {@code java -jar dmkit-gateway.jar}: starts the emulator (unless turned off), then Apache Felix with
 * the dmkit bundles, the Web Console and Gogo, seeds the demo session on the first start of a data
 * directory, prints where everything is, and runs until Ctrl-C, SIGTERM or Gogo's {@code exit}.
 * {@code --help} lists the options.
 */
public final class GatewayMain {

    /** Exit status for a command line that cannot be run, as most Unix tools use it. */
    public static final int USAGE_ERROR = 2;
    /** Exit status for a gateway that could not start (a port in use, a data directory in use). */
    public static final int START_FAILED = 1;
    /** How long the bundles above the Web Console's start level may take to start. */
    private static final Duration BUNDLES_START_TIMEOUT = Duration.ofSeconds(60);

    private GatewayMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        int status = run(List.of(args), System.getenv(), System.out, System.err);
        // Also after a normal stop: a library thread that is not a daemon must not keep the JVM alive.
        System.exit(status);
    }

    /**
     * Runs the gateway until its framework stops.
     *
     * @return 0 after help or a stop, {@link #USAGE_ERROR} or {@link #START_FAILED}
     */
    static int run(List<String> args, Map<String, String> environment, PrintStream out, PrintStream err)
            throws InterruptedException {
        GatewayArguments arguments;
        ConsoleCredentials credentials;
        try {
            arguments = GatewayArguments.parse(args, System::getProperty);
            credentials = arguments.help() ? null : ConsoleCredentials.resolve(arguments.consoleUser(),
                    arguments.consolePassword(), environment);
        } catch (IllegalArgumentException e) {
            err.println("dmkit-gateway: " + e.getMessage());
            err.println(GatewayArguments.USAGE);
            return USAGE_ERROR;
        }
        if (arguments.help()) {
            out.println(GatewayArguments.USAGE);
            return 0;
        }
        ProcessLogging.install();
        GatewayLayout layout = GatewayLayout.of(arguments.dataDir());
        GatewayShutdown shutdown = new GatewayShutdown(out);
        try {
            DataDirectory.claim(layout.dataDir());
            checkPorts(arguments);
            Runtime.getRuntime().addShutdownHook(new Thread(shutdown, "dmkit-gateway-shutdown"));
            GatewayFramework framework = start(arguments, credentials, layout, shutdown, out);
            framework.awaitStopped();
        } catch (IOException | BundleException | IllegalStateException e) {
            err.println("dmkit-gateway: cannot start: " + e.getMessage());
            shutdown.run();
            return START_FAILED;
        }
        shutdown.run();
        return 0;
    }

    /**
     * The emulator and the framework start in parallel: the framework goes up to the Web Console's start
     * level (FileInstall, Jetty), then to dmkit's API and transports, and waits there until the emulator
     * runs, then starts the core (the sessions) and the applications. On the first start of a data
     * directory the demo session's file is written as soon as the emulator's MQTT port is known: at once
     * for a fixed port, so that FileInstall reads it while the emulator starts.
     */
    private static GatewayFramework start(GatewayArguments arguments, ConsoleCredentials credentials,
            GatewayLayout layout, GatewayShutdown shutdown, PrintStream out)
            throws IOException, BundleException, InterruptedException {
        boolean seedDemoSession = arguments.emulator() && !Files.exists(layout.configDir());
        int fixedMqttPort = arguments.emulatorPorts().mqtt();
        if (seedDemoSession && fixedMqttPort != 0) {
            DefaultSession.write(layout.configDir(), fixedMqttPort);
        } else {
            Files.createDirectories(layout.configDir());
        }
        CompletableFuture<EmbeddedEmulator> emulatorStart = arguments.emulator()
                ? EmbeddedEmulator.startInBackground(layout.emulatorDir(), arguments.emulatorPorts())
                : null;
        if (emulatorStart != null) {
            emulatorStart.thenAccept(shutdown::emulatorStarted); // closed with the gateway, however it ends
        }
        boolean interactive = System.console() != null;
        boolean shell = arguments.shellReadsStandardInput(interactive);
        GatewayFramework framework = GatewayFramework.start(FrameworkProperties.of(layout, arguments.consolePort(),
                credentials, shell, Slf4jExports.fromClassPath()), layout.bundlesDir(),
                new BundleStartOrder(arguments.emulator()));
        shutdown.frameworkStarted(framework);
        Optional<EmbeddedEmulator> emulator = Optional.empty();
        if (emulatorStart != null) {
            // dmkit's API, transports and commands do not need the cloud: they start while HiveMQ does. The
            // core, which connects the sessions, waits for it: the demo session's first attempt would fail
            // and back off for a second or more.
            framework.raiseStartLevel(BundleStartOrder.DMKIT, BUNDLES_START_TIMEOUT);
            emulator = Optional.of(awaitEmulator(emulatorStart));
            if (seedDemoSession && fixedMqttPort == 0) {
                DefaultSession.write(layout.configDir(), emulator.get().endpoints().mqttPort());
            }
        }
        framework.raiseStartLevel(BundleStartOrder.LAST_LEVEL, BUNDLES_START_TIMEOUT);
        StartupBanner.lines(sinceJvmStart(), arguments.consolePort(), credentials,
                emulator.map(EmbeddedEmulator::endpoints), layout, shell, framework.inactiveBundles(),
                ProcessHandle.current().pid()).forEach(out::println);
        if (shell) {
            ShellProfile.write(layout.shellDir());
            if (interactive) {
                PromptAfterLogLines.showAfterEachLine(ShellProfile.PROMPT);
            }
            framework.startShell();
        }
        return framework;
    }

    /**
     * Fails early, in one line, on a port that is taken: Jetty would only log it, and HiveMQ starts with
     * the listeners it could bind.
     */
    private static void checkPorts(GatewayArguments arguments) {
        PortCheck.requireFree(arguments.consolePort(), "the Web Console", "--http-port");
        if (arguments.emulator()) {
            GatewayArguments.EmulatorPorts ports = arguments.emulatorPorts();
            PortCheck.requireFree(ports.mqtt(), "the emulator's MQTT", "--emulator-mqtt-port");
            PortCheck.requireFree(ports.mqttTls(), "the emulator's MQTT/TLS", "--emulator-mqtt-tls-port");
            PortCheck.requireFree(ports.webSocketTls(), "the emulator's WebSocket", "--emulator-wss-port");
            PortCheck.requireFree(ports.http(), "the emulator's page", "--emulator-http-port");
        }
    }

    private static EmbeddedEmulator awaitEmulator(CompletableFuture<EmbeddedEmulator> start) throws IOException,
            InterruptedException {
        try {
            return start.get();
        } catch (ExecutionException e) {
            throw new IOException("the emulator: " + e.getCause().getMessage()
                    + " (move it with the --emulator-*-port options, or turn it off with --no-emulator)", e.getCause());
        }
    }

    private static Duration sinceJvmStart() {
        return Duration.ofMillis(System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime());
    }
}
