package io.dmkit.emulator.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.dmkit.emulator.EmulatorOptions;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The command line of the standalone emulator: defaults, both flag spellings, and one clear line per mistake. */
class EmulatorArgumentsTest {

    @Test
    void noArgumentsMeanTheWellKnownPortsOnLoopback() {
        EmulatorOptions options = EmulatorArguments.parse(List.of()).options();
        assertThat(options.stateDir()).isEqualTo(Path.of("./dmkit-emulator-state"));
        assertThat(options.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(options.mqttPort()).isEqualTo(EmulatorOptions.DEFAULT_MQTT_PORT);
        assertThat(options.mqttTlsPort()).isEqualTo(EmulatorOptions.DEFAULT_MQTT_TLS_PORT);
        assertThat(options.webSocketTlsPort()).isEqualTo(EmulatorOptions.DEFAULT_WEBSOCKET_TLS_PORT);
        assertThat(options.httpPort()).isEqualTo(EmulatorOptions.DEFAULT_HTTP_PORT);
    }

    @Test
    void everyFlagTakesItsValueAfterASpaceOrAnEqualsSign() {
        EmulatorArguments arguments = EmulatorArguments.parse(List.of("--state-dir", "/tmp/emu", "--bind=0.0.0.0",
                "--mqtt-port", "0", "--mqtt-tls-port=18883", "--wss-port", "18443", "--http-port=0"));
        assertThat(arguments.help()).isFalse();
        EmulatorOptions options = arguments.options();
        assertThat(options.stateDir()).isEqualTo(Path.of("/tmp/emu"));
        assertThat(options.bindAddress()).isEqualTo("0.0.0.0");
        assertThat(options.mqttPort()).isZero();
        assertThat(options.mqttTlsPort()).isEqualTo(18883);
        assertThat(options.webSocketTlsPort()).isEqualTo(18443);
        assertThat(options.httpPort()).isZero();
    }

    @Test
    void helpWinsOverEverythingElse() {
        assertThat(EmulatorArguments.parse(List.of("--http-port", "x", "--help")).help()).isTrue();
        assertThat(EmulatorArguments.USAGE).contains("--state-dir", "--bind", "--mqtt-port", "--mqtt-tls-port",
                "--wss-port", "--http-port", "--help");
    }

    @Test
    void mistakesAreNamed() {
        assertThatIllegalArgumentException().isThrownBy(() -> EmulatorArguments.parse(List.of("--port", "1")))
                .withMessage("unknown option '--port'");
        assertThatIllegalArgumentException().isThrownBy(() -> EmulatorArguments.parse(List.of("--http-port", "http")))
                .withMessage("--http-port must be a port number from 0 (pick a free port) to 65535, not 'http'");
        assertThatIllegalArgumentException().isThrownBy(() -> EmulatorArguments.parse(List.of("--mqtt-port=70000")))
                .withMessageContaining("not '70000'");
        assertThatIllegalArgumentException().isThrownBy(() -> EmulatorArguments.parse(List.of("--bind")))
                .withMessage("--bind needs a value");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> EmulatorArguments.parse(List.of("--state-dir", "--http-port", "1")))
                .withMessage("--state-dir needs a value");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> EmulatorArguments.parse(List.of("--http-port", "1", "--http-port=2")))
                .withMessage("--http-port is given twice");
        assertThatIllegalArgumentException().isThrownBy(() -> EmulatorArguments.parse(List.of("start")))
                .withMessageStartingWith("unexpected argument 'start'");
    }
}
