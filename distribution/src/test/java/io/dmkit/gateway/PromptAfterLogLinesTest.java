package io.dmkit.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PromptAfterLogLinesTest {

    @AfterEach
    void stop() {
        PromptAfterLogLines.hidePrompt();
    }

    private static String encode(String message) {
        LoggerContext context = new LoggerContext();
        PromptAfterLogLines encoder = new PromptAfterLogLines();
        encoder.setContext(context);
        encoder.setPattern("%msg%n");
        encoder.start();
        LoggingEvent event = new LoggingEvent("x", context.getLogger("test"), Level.INFO, message, null, null);
        return new String(encoder.encode(event), StandardCharsets.UTF_8);
    }

    @Test
    void withAnInteractiveShellALogLineClearsThePromptLineAndPrintsThePromptAgain() {
        PromptAfterLogLines.showAfterEachLine(ShellProfile.PROMPT);
        assertThat(encode("session connected")).isEqualTo("\r\u001b[Ksession connected" + System.lineSeparator()
                + "g! ");
    }

    @Test
    void withoutAShellLinesAreUnchanged() {
        assertThat(encode("session connected")).isEqualTo("session connected" + System.lineSeparator());
    }

    @Test
    void theProfileMakesExitStopTheFrameworkInsteadOfTheJvm() {
        assertThat(ShellProfile.TEXT).contains("exit = { ((${.context} bundles) 0) stop }")
                .doesNotContain("loadclass java.lang.System").contains("prompt = 'g! '");
    }
}
