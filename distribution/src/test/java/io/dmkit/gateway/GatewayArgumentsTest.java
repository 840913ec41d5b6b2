package io.dmkit.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dmkit.gateway.GatewayArguments.EmulatorPorts;
import io.dmkit.gateway.GatewayArguments.ShellMode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class GatewayArgumentsTest {

    private static final UnaryOperator<String> NO_PROPERTIES = name -> null;

    private static GatewayArguments parse(String... args) {
        return GatewayArguments.parse(List.of(args), NO_PROPERTIES);
    }

    @Test
    void defaultsRunTheEmulatorOnItsWellKnownPortsAndTheConsoleOn8080() {
        GatewayArguments a = parse();
        assertThat(a.help()).isFalse();
        assertThat(a.dataDir()).isEqualTo(Path.of("./dmkit-data"));
        assertThat(a.consolePort()).isEqualTo(8080);
        assertThat(a.emulator()).isTrue();
        assertThat(a.emulatorPorts()).isEqualTo(new EmulatorPorts(1883, 8883, 8443, 8081));
        assertThat(a.consoleUser()).isEmpty();
        assertThat(a.consolePassword()).isEmpty();
        assertThat(a.shell()).isEqualTo(ShellMode.AUTO);
    }

    @Test
    void flagsTakeTheirValueAsTheNextArgumentOrAfterAnEqualsSign() {
        GatewayArguments a = parse("--data", "/tmp/gw", "--http-port=9090", "--emulator-mqtt-port", "0",
                "--emulator-mqtt-tls-port=0", "--emulator-wss-port", "18443", "--emulator-http-port", "18081",
                "--console-user", "ops", "--console-password=--starts-with-dashes", "--shell", "ON");
        assertThat(a.dataDir()).isEqualTo(Path.of("/tmp/gw"));
        assertThat(a.consolePort()).isEqualTo(9090);
        assertThat(a.emulatorPorts()).isEqualTo(new EmulatorPorts(0, 0, 18443, 18081));
        assertThat(a.consoleUser()).contains("ops");
        assertThat(a.consolePassword()).contains("--starts-with-dashes");
        assertThat(a.shell()).isEqualTo(ShellMode.ON);
    }

    @Test
    void theEmulatorIsTurnedOffByAFlagOrASystemProperty() {
        assertThat(parse("--no-emulator").emulator()).isFalse();
        assertThat(GatewayArguments.parse(List.of(), Map.of("dmkit.emulator", "false")::get).emulator()).isFalse();
        assertThat(GatewayArguments.parse(List.of(), Map.of("dmkit.emulator", "TRUE")::get).emulator()).isTrue();
        assertThatThrownBy(() -> GatewayArguments.parse(List.of(), Map.of("dmkit.emulator", "no")::get))
                .hasMessage("-Ddmkit.emulator must be true or false, not 'no'");
    }

    @Test
    void helpWinsOverEverythingElse() {
        assertThat(parse("--bogus", "--help").help()).isTrue();
        assertThat(parse("-h").help()).isTrue();
    }

    @Test
    void mistakesAreOneLineThatSaysWhatToFix() {
        assertThatThrownBy(() -> parse("--bogus")).hasMessage("unknown option '--bogus'");
        assertThatThrownBy(() -> parse("data")).hasMessage("unexpected argument 'data'; every option starts with --");
        assertThatThrownBy(() -> parse("--data")).hasMessage("--data needs a value");
        assertThatThrownBy(() -> parse("--data", "--no-emulator")).hasMessage("--data needs a value");
        assertThatThrownBy(() -> parse("--data=")).hasMessage("--data needs a value");
        assertThatThrownBy(() -> parse("--data", "a", "--data", "b")).hasMessage("--data is given twice");
        assertThatThrownBy(() -> parse("--no-emulator", "--no-emulator")).hasMessage("--no-emulator is given twice");
        assertThatThrownBy(() -> parse("--no-emulator=yes")).hasMessage("--no-emulator takes no value");
        assertThatThrownBy(() -> parse("--shell", "sometimes")).hasMessage("--shell must be auto, on or off, not 'sometimes'");
        assertThatThrownBy(() -> parse("--data", "a\0b")).hasMessageStartingWith("--data 'a\0b' is not a usable path");
    }

    @Test
    void portsAreCheckedAndOnlyTheEmulatorsMayBeZero() {
        assertThatThrownBy(() -> parse("--http-port", "0"))
                .hasMessage("--http-port must be a port number from 1 to 65535, not '0'");
        assertThatThrownBy(() -> parse("--http-port", "http"))
                .hasMessage("--http-port must be a port number from 1 to 65535, not 'http'");
        assertThatThrownBy(() -> parse("--emulator-http-port", "65536"))
                .hasMessage("--emulator-http-port must be a port number from 0 (pick a free port) to 65535, not '65536'");
        assertThatThrownBy(() -> parse("--emulator-mqtt-port", "-1"))
                .hasMessage("--emulator-mqtt-port must be a port number from 0 (pick a free port) to 65535, not '-1'");
    }

    @Test
    void emulatorPortsWithoutTheEmulatorAreAMistake() {
        assertThatThrownBy(() -> parse("--no-emulator", "--emulator-mqtt-port", "1884"))
                .hasMessage("--emulator-mqtt-port has no effect when the emulator is off");
    }

    @Test
    void gogoReadsStandardInputInATerminalUnlessToldOtherwise() {
        assertThat(parse().shellReadsStandardInput(true)).isTrue();
        assertThat(parse().shellReadsStandardInput(false)).isFalse();
        assertThat(parse("--shell", "on").shellReadsStandardInput(false)).isTrue();
        assertThat(parse("--shell", "off").shellReadsStandardInput(true)).isFalse();
    }

    @Test
    void toStringNeverShowsThePassword() {
        assertThat(parse("--console-password", "hunter2").toString()).doesNotContain("hunter2").contains("(given)");
    }
}
