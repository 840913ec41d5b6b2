package io.dmkit.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConsoleCredentialsTest {

    private static final Map<String, String> ENV = Map.of("DMKIT_CONSOLE_USER", "env-user",
            "DMKIT_CONSOLE_PASSWORD", "env-secret");

    @Test
    void flagsWinOverTheEnvironment() {
        ConsoleCredentials c = ConsoleCredentials.resolve(Optional.of("flag-user"), Optional.of("flag-secret"), ENV);
        assertThat(c.user()).isEqualTo("flag-user");
        assertThat(c.isDefaultPassword()).isFalse();
        assertThat(decoded(c)).isEqualTo("flag-user:flag-secret");
    }

    @Test
    void theEnvironmentIsUsedWithoutFlags() {
        ConsoleCredentials c = ConsoleCredentials.resolve(Optional.empty(), Optional.empty(), ENV);
        assertThat(decoded(c)).isEqualTo("env-user:env-secret");
        assertThat(c.warning(8080)).isEmpty();
    }

    @Test
    void withoutAPasswordTheDefaultIsUsedAndWarnedAboutLoudly() {
        ConsoleCredentials c = ConsoleCredentials.resolve(Optional.empty(), Optional.empty(),
                Map.of("DMKIT_CONSOLE_PASSWORD", ""));
        assertThat(c.user()).isEqualTo("admin");
        assertThat(c.isDefaultPassword()).isTrue();
        assertThat(decoded(c)).isEqualTo("admin:admin");
        assertThat(String.join("\n", c.warning(8080))).contains("WARNING", "default login", "127.0.0.1:8080",
                "DMKIT_CONSOLE_PASSWORD", "--console-password");
    }

    @Test
    void aUserWithoutAPasswordStillGetsTheWarning() {
        ConsoleCredentials c = ConsoleCredentials.resolve(Optional.of("ops"), Optional.empty(), Map.of());
        assertThat(c.isDefaultPassword()).isTrue();
        assertThat(String.join("\n", c.warning(8080))).contains("user 'ops'");
    }

    @Test
    void aUserNameHttpBasicCannotCarryIsRefused() {
        assertThatThrownBy(() -> ConsoleCredentials.resolve(Optional.of("a:b"), Optional.of("x"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("':'");
    }

    @Test
    void thePasswordLeavesOnlyHashed() {
        ConsoleCredentials c = ConsoleCredentials.resolve(Optional.of("ops"), Optional.of("hunter2"), Map.of());
        assertThat(c.toString()).doesNotContain("hunter2");
        assertThat(c.passwordHash()).startsWith("{sha-256}").doesNotContain("hunter2");
        assertThat(c.warning(8080)).isEmpty();
    }

    private static String decoded(ConsoleCredentials c) {
        String header = c.basicAuthorization();
        assertThat(header).startsWith("Basic ");
        return new String(Base64.getDecoder().decode(header.substring(6)), StandardCharsets.UTF_8);
    }
}
