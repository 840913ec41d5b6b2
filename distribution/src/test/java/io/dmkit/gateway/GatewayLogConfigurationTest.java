package io.dmkit.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.Test;

class GatewayLogConfigurationTest {

    @Test
    void dmkitLogsInfoEverythingElseWarningsToTheConsole() {
        LoggerContext context = new LoggerContext();
        GatewayLogConfiguration configuration = new GatewayLogConfiguration();
        configuration.setContext(context);

        assertThat(configuration.configure(context)).isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(Level.WARN);
        assertThat(root.getAppender("CONSOLE")).isInstanceOf(ConsoleAppender.class);
        assertThat(root.getAppender("CONSOLE").isStarted()).isTrue();
        assertThat(context.getLogger("io.dmkit.core.internal.session.SessionImpl").getEffectiveLevel()).isEqualTo(Level.INFO);
        assertThat(context.getLogger("io.dmkit.emulator.thingspro.X").getEffectiveLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("org.eclipse.jetty.server.Server").getEffectiveLevel()).isEqualTo(Level.WARN);
        context.stop();
    }

    @Test
    void aConfigurationFileGivenOnTheCommandLineWins() {
        String before = System.getProperty(ContextInitializer.CONFIG_FILE_PROPERTY);
        System.setProperty(ContextInitializer.CONFIG_FILE_PROPERTY, "/some/logback.xml");
        try {
            LoggerContext context = new LoggerContext();
            GatewayLogConfiguration configuration = new GatewayLogConfiguration();
            configuration.setContext(context);
            assertThat(configuration.configure(context)).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
            assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("CONSOLE")).isNull();
        } finally {
            if (before == null) {
                System.clearProperty(ContextInitializer.CONFIG_FILE_PROPERTY);
            } else {
                System.setProperty(ContextInitializer.CONFIG_FILE_PROPERTY, before);
            }
        }
    }
}
