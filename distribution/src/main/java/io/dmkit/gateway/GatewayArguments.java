package io.dmkit.gateway;

import io.dmkit.emulator.EmulatorOptions;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The command line of {@code java -jar dmkit-gateway.jar}. Each flag that takes a value takes it as
 * the next argument or after {@code =}; a flag given twice is refused (which one did the user mean?).
 *
 * @param help whether {@code --help} was given: print {@link #USAGE} and start nothing
 * @param dataDir where the emulator, the framework and the configuration files keep their state
 * @param consolePort the Web Console's port, on 127.0.0.1
 * @param emulator whether the emulator runs in the gateway's process
 * @param emulatorPorts the emulator's ports (0 = a free one)
 * @param consoleUser the Web Console user from {@code --console-user}, if given
 * @param consolePassword the Web Console password from {@code --console-password}, if given
 * @param shell whether Gogo reads commands from standard input
 */
public record GatewayArguments(boolean help, Path dataDir, int consolePort, boolean emulator,
        EmulatorPorts emulatorPorts, Optional<String> consoleUser, Optional<String> consolePassword,
        ShellMode shell) {

    public static final String DEFAULT_DATA_DIR = "./dmkit-data";
    public static final int DEFAULT_CONSOLE_PORT = 8080;
    /** {@code -Ddmkit.emulator=false} turns the emulator off, as {@code --no-emulator} does. */
    public static final String EMULATOR_PROPERTY = "dmkit.emulator";

    private static final Set<String> VALUE_FLAGS = Set.of("--data", "--http-port", "--emulator-mqtt-port",
            "--emulator-mqtt-tls-port", "--emulator-wss-port", "--emulator-http-port", "--console-user",
            "--console-password", "--shell");
    private static final String NO_EMULATOR = "--no-emulator";

    public static final String USAGE = String.join("\n",
            "usage: java -jar dmkit-gateway.jar [options]      (or ./gateway [options] in a dmkit checkout)",
            "",
            "Runs a dmkit gateway: Apache Felix with the dmkit bundles, the Web Console and the Gogo shell, and",
            "by default the dmkit emulator in the same process with a demo session connected to it.",
            "",
            "options:",
            "  --data DIR                  state: framework cache, configuration files, emulator (default "
                    + DEFAULT_DATA_DIR + ")",
            "  --http-port N               the Web Console's port on 127.0.0.1 (default " + DEFAULT_CONSOLE_PORT + ")",
            "  --console-user NAME         Web Console user (or env DMKIT_CONSOLE_USER; default admin)",
            "  --console-password SECRET   Web Console password (better: env DMKIT_CONSOLE_PASSWORD, which `ps`",
            "                              does not show; default admin, with a warning)",
            "  --no-emulator               do not start the emulator (also -D" + EMULATOR_PROPERTY + "=false)",
            "  --emulator-mqtt-port N      the emulator's plain MQTT port (default "
                    + EmulatorOptions.DEFAULT_MQTT_PORT + ")",
            "  --emulator-mqtt-tls-port N  the emulator's MQTT/TLS port (default "
                    + EmulatorOptions.DEFAULT_MQTT_TLS_PORT + ")",
            "  --emulator-wss-port N       the emulator's MQTT over secure WebSocket port (default "
                    + EmulatorOptions.DEFAULT_WEBSOCKET_TLS_PORT + ")",
            "  --emulator-http-port N      the emulator's REST API and page (default "
                    + EmulatorOptions.DEFAULT_HTTP_PORT + ")",
            "  --shell auto|on|off         Gogo on standard input: auto = only in a terminal (default); on = also",
            "                              from a pipe (end of input stops the gateway); off = never",
            "  --help                      print this and exit",
            "",
            "An emulator port of 0 picks a free one. Stop the gateway with Ctrl-C (or SIGTERM).");

    /** The emulator's four listeners; 0 picks a free port. */
    public record EmulatorPorts(int mqtt, int mqttTls, int webSocketTls, int http) {

        public static final EmulatorPorts DEFAULTS = new EmulatorPorts(EmulatorOptions.DEFAULT_MQTT_PORT,
                EmulatorOptions.DEFAULT_MQTT_TLS_PORT, EmulatorOptions.DEFAULT_WEBSOCKET_TLS_PORT,
                EmulatorOptions.DEFAULT_HTTP_PORT);
    }

    /** Whether the Gogo shell reads standard input. */
    public enum ShellMode {
        /** Only when the JVM has a terminal ({@link System#console()}). */
        AUTO,
        /** Also from a pipe: scripts and tests feed commands; end of input stops the gateway. */
        ON,
        /** Never: a service manager runs the gateway. */
        OFF
    }

    /**
     * @param systemProperty reads a system property ({@code System::getProperty}), for {@value #EMULATOR_PROPERTY}
     * @throws IllegalArgumentException with one line saying what is wrong with the arguments
     */
    public static GatewayArguments parse(List<String> args, UnaryOperator<String> systemProperty) {
        if (args.contains("--help") || args.contains("-h")) {
            return new GatewayArguments(true, null, DEFAULT_CONSOLE_PORT, false, EmulatorPorts.DEFAULTS,
                    Optional.empty(), Optional.empty(), ShellMode.AUTO);
        }
        Map<String, String> values = new HashMap<>();
        boolean noEmulatorFlag = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals(NO_EMULATOR)) {
                if (noEmulatorFlag) {
                    throw new IllegalArgumentException(NO_EMULATOR + " is given twice");
                }
                noEmulatorFlag = true;
                continue;
            }
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'; every option starts with --");
            }
            int eq = arg.indexOf('=');
            String flag = eq < 0 ? arg : arg.substring(0, eq);
            if (!VALUE_FLAGS.contains(flag)) {
                throw new IllegalArgumentException(flag.equals(NO_EMULATOR) ? flag + " takes no value"
                        : "unknown option '" + flag + "'");
            }
            String value;
            if (eq >= 0) {
                value = arg.substring(eq + 1);
            } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                value = args.get(++i);
            } else {
                value = "";
            }
            if (value.isEmpty()) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            if (values.putIfAbsent(flag, value) != null) {
                throw new IllegalArgumentException(flag + " is given twice");
            }
        }
        boolean emulator = !noEmulatorFlag && emulatorProperty(systemProperty.apply(EMULATOR_PROPERTY));
        EmulatorPorts ports = new EmulatorPorts(
                port(values, "--emulator-mqtt-port", EmulatorPorts.DEFAULTS.mqtt(), 0),
                port(values, "--emulator-mqtt-tls-port", EmulatorPorts.DEFAULTS.mqttTls(), 0),
                port(values, "--emulator-wss-port", EmulatorPorts.DEFAULTS.webSocketTls(), 0),
                port(values, "--emulator-http-port", EmulatorPorts.DEFAULTS.http(), 0));
        if (!emulator) {
            values.keySet().stream().filter(flag -> flag.startsWith("--emulator-")).sorted().findFirst()
                    .ifPresent(flag -> {
                        throw new IllegalArgumentException(flag + " has no effect when the emulator is off");
                    });
        }
        return new GatewayArguments(false, dataDir(values.getOrDefault("--data", DEFAULT_DATA_DIR)),
                port(values, "--http-port", DEFAULT_CONSOLE_PORT, 1), emulator, ports,
                Optional.ofNullable(values.get("--console-user")), Optional.ofNullable(values.get("--console-password")),
                shell(values.get("--shell")));
    }

    /** Whether Gogo reads standard input, given whether the JVM has a terminal. */
    public boolean shellReadsStandardInput(boolean terminal) {
        return switch (shell) {
            case ON -> true;
            case OFF -> false;
            case AUTO -> terminal;
        };
    }

    private static boolean emulatorProperty(String value) {
        if (value == null || value.equalsIgnoreCase("true")) {
            return true;
        }
        if (value.equalsIgnoreCase("false")) {
            return false;
        }
        throw new IllegalArgumentException("-D" + EMULATOR_PROPERTY + " must be true or false, not '" + value + "'");
    }

    private static int port(Map<String, String> values, String flag, int defaultPort, int min) {
        String value = values.get(flag);
        if (value == null) {
            return defaultPort;
        }
        try {
            int port = Integer.parseInt(value);
            if (port >= min && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below, with the rule
        }
        throw new IllegalArgumentException(flag + " must be a port number from " + (min == 0 ? "0 (pick a free port)"
                : String.valueOf(min)) + " to 65535, not '" + value + "'");
    }

    private static ShellMode shell(String value) {
        if (value == null) {
            return ShellMode.AUTO;
        }
        try {
            return ShellMode.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--shell must be auto, on or off, not '" + value + "'");
        }
    }

    private static Path dataDir(String value) {
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("--data '" + value + "' is not a usable path: " + e.getReason());
        }
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return "GatewayArguments[data=" + dataDir + ", http=" + consolePort + ", emulator=" + emulator + " "
                + emulatorPorts + ", consoleUser=" + consoleUser.orElse("-") + ", consolePassword="
                + (consolePassword.isPresent() ? "(given)" : "-") + ", shell=" + shell + "]";
    }
}
