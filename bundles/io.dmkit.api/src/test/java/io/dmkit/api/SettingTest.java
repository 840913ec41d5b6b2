package io.dmkit.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SettingTest {

    private enum Mode { FAST, SAFE }

    @Test
    void durationsAreWrittenInTheirUnitAndCheckedInIt() {
        Setting<Duration> timeout = Setting.seconds("t").defaultValue(Duration.ofSeconds(30)).range(1, 60).build();
        assertThat(timeout.parse("5")).isEqualTo(Duration.ofSeconds(5));
        assertThat(timeout.parse(null)).isEqualTo(Duration.ofSeconds(30));
        assertThat(timeout.toProperty(Duration.ofSeconds(7))).isEqualTo(7);
        assertThat(timeout.type()).isEqualTo(Setting.Type.INTEGER);
        assertThatThrownBy(() -> timeout.parse(61)).hasMessage("t: 61 is out of range 1..60");
        Setting<Duration> delay = Setting.millis("d").build();
        assertThat(delay.parse(250L)).isEqualTo(Duration.ofMillis(250));
        assertThat(delay.type()).isEqualTo(Setting.Type.LONG);
    }

    @Test
    void choicesMatchWithoutRegardToCaseAndNameTheAlternatives() {
        Setting<Mode> mode = Setting.choice("mode", (Mode m) -> m.name().toLowerCase(), m -> "Mode " + m,
                Mode.values()).defaultValue(Mode.SAFE).build();
        assertThat(mode.parse(" FAST ")).isEqualTo(Mode.FAST);
        assertThat(mode.parse("")).isEqualTo(Mode.SAFE);
        assertThat(mode.choices()).containsExactly(new Setting.Choice("fast", "Mode FAST"),
                new Setting.Choice("safe", "Mode SAFE"));
        assertThatThrownBy(() -> mode.parse("slow")).hasMessage("mode: 'slow' is not one of fast, safe");
    }

    @Test
    void requiredSettingsSayWhatIsMissing() {
        Setting<String> id = Setting.text("device.id").required("the thing name").build();
        assertThatThrownBy(() -> id.parse("  ")).isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("device.id: is required: the thing name");
        assertThat(id.isRequired()).isTrue();
    }

    @Test
    void checksNameTheSettingAndSecretsAreNeverDisplayed() {
        Setting<String> user = Setting.text("proxy.user")
                .check(u -> u.contains(":") ? Optional.of("must not contain ':'") : Optional.empty()).build();
        assertThatThrownBy(() -> user.parse("a:b")).hasMessage("proxy.user: must not contain ':'");
        Setting<String> password = Setting.text("proxy.password").secret().build();
        assertThat(password.display("hunter2")).isEqualTo("***");
        assertThat(password.display(null)).isEqualTo("unset");
        assertThat(user.display("line\nbreak")).isEqualTo("'line?break'");
    }

    @Test
    void theErrorAboutAnUnusableSecretNeverQuotesIt() {
        Setting<Integer> pin = Setting.integer("pin").secret().range(0, 9999).build();
        assertThatThrownBy(() -> pin.parse("12x4")).isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("pin: the value (a secret, not shown) is not a whole number");
        assertThatThrownBy(() -> pin.parse(123456)).hasMessage("pin: the value (a secret, not shown) is out of range 0..9999");
        Setting<Integer> port = Setting.integer("port").range(0, 9).build();
        assertThatThrownBy(() -> port.parse("12x4")).hasMessage("port: '12x4' is not a whole number");
    }

    @Test
    void configAdminValueShapesAreUnwrapped() {
        Setting<Boolean> flag = Setting.flag("f").defaultValue(false).build();
        assertThat(flag.parse(new String[] {"TRUE"})).isTrue();
        assertThat(flag.parse(List.of())).isFalse();
        assertThatThrownBy(() -> flag.parse(List.of(true, false))).hasMessage("f: takes one value, not 2");
        assertThatThrownBy(() -> flag.parse("yes")).hasMessage("f: 'yes' is neither true nor false");
        Setting<Integer> n = Setting.integer("n").build();
        assertThat(n.parse(12.0)).isEqualTo(12);
        assertThatThrownBy(() -> n.parse(5_000_000_000L)).hasMessage("n: 5000000000 is too large");
    }

    @Test
    void aDefaultThatFailsItsOwnChecksIsADeclarationError() {
        assertThatThrownBy(() -> Setting.integer("p").defaultValue(0).range(1, 10).build())
                .isInstanceOf(InvalidConfigurationException.class);
    }
}
