package io.dmkit.emulator.internal.cli;

import io.dmkit.emulator.EmulatorOptions;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The command line of {@code java -jar dmkit-emulator.jar}, parsed into {@link EmulatorOptions}.
 * Each flag takes its value as the next argument or after {@code =}; a flag given twice is refused
 * (which of the two did the user mean?).
 *
 * @param help whether {@code --help} was given: print {@link #USAGE} and start nothing
 * @param options what to start; {@code null} with {@code help}
 */
public record EmulatorArguments(boolean help, EmulatorOptions options) {

    public static final String DEFAULT_STATE_DIR = "./dmkit-emulator-state";

    /** The flags that take a value; {@code --help} (or {@code -h}) is the only other one. */
    private static final Set<String> FLAGS = Set.of(
            "--state-dir", "--bind", "--mqtt-port", "--mqtt-tls-port", "--wss-port", "--http-port");

    public static final String USAGE = String.join("\n",
            "usage: java -jar dmkit-emulator.jar [options]",
            "",
            "Runs the dmkit emulator: a local MQTT broker that plays ThingsPro, Azure IoT Hub and AWS IoT Core",
            "for gateways, with a REST API and a page to register devices and watch them.",
            "",
            "options:",
            "  --state-dir DIR       devices, twins and the CA live here (default " + DEFAULT_STATE_DIR + ")",
            "  --bind ADDRESS        the address every listener binds (default 127.0.0.1, loopback only)",
            "  --mqtt-port N         plain MQTT, ThingsPro devices without TLS (default "
                    + EmulatorOptions.DEFAULT_MQTT_PORT + ")",
            "  --mqtt-tls-port N     MQTT over TLS, all dialects (default " + EmulatorOptions.DEFAULT_MQTT_TLS_PORT + ")",
            "  --wss-port N          MQTT over secure WebSocket, Azure (default "
                    + EmulatorOptions.DEFAULT_WEBSOCKET_TLS_PORT + ")",
            "  --http-port N         the REST API and the page (default " + EmulatorOptions.DEFAULT_HTTP_PORT + ")",
            "  --help                print this and exit",
            "",
            "A port of 0 picks a free one; the emulator prints the ports it listens on.");

    /**
     * @throws IllegalArgumentException with one line saying what is wrong with the arguments
     */
    public static EmulatorArguments parse(List<String> args) {
        if (args.contains("--help") || args.contains("-h")) {
            return new EmulatorArguments(true, null);
        }
        Map<String, String> values = values(args);
        EmulatorOptions.Builder options = EmulatorOptions.builder(
                stateDir(values.getOrDefault("--state-dir", DEFAULT_STATE_DIR)));
        Optional.ofNullable(values.get("--bind")).ifPresent(options::bindAddress);
        port(values, "--mqtt-port").ifPresent(options::mqttPort);
        port(values, "--mqtt-tls-port").ifPresent(options::mqttTlsPort);
        port(values, "--wss-port").ifPresent(options::webSocketTlsPort);
        port(values, "--http-port").ifPresent(options::httpPort);
        return new EmulatorArguments(false, options.build());
    }

    /** Flag to value, for {@code --flag value} and {@code --flag=value}. */
    private static Map<String, String> values(List<String> args) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'; every option starts with --");
            }
            int eq = arg.indexOf('=');
            String flag = eq < 0 ? arg : arg.substring(0, eq);
            if (!FLAGS.contains(flag)) {
                throw new IllegalArgumentException("unknown option '" + flag + "'");
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
        return values;
    }

    private static OptionalInt port(Map<String, String> values, String flag) {
        String value = values.get(flag);
        if (value == null) {
            return OptionalInt.empty();
        }
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65535) {
                return OptionalInt.of(port);
            }
        } catch (NumberFormatException e) {
            // reported below, with the rule
        }
        throw new IllegalArgumentException(flag + " must be a port number from 0 (pick a free port) to 65535, not '"
                + value + "'");
    }

    private static Path stateDir(String value) {
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("--state-dir '" + value + "' is not a usable path: " + e.getReason());
        }
    }
}
