package io.dmkit.gateway;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.jul.LevelChangePropagator;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * The Logback configuration of the gateway's process (see {@link ProcessLogging}), found by Logback
 * through {@code META-INF/services}: before any {@code logback.xml}, so the ones that the emulator's and
 * HiveMQ's jars carry are not read. In code rather than a {@code logback.xml} because it is on the way
 * of every start, before the emulator and the framework: Logback's XML configurator (Joran) and its
 * search of the class path for configuration files cost about 0.15 s of wall time and 0.25 s of CPU on
 * two cores. {@code -Dlogback.configurationFile=FILE} still wins: then this steps aside and Logback
 * reads that file.
 */
public final class GatewayLogConfiguration extends ContextAwareBase implements Configurator {

    static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{30} - %msg%n";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty(ContextInitializer.CONFIG_FILE_PROPERTY) != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        // keeps java.util.logging's levels in step with the ones below, so the JUL bridge drops records early
        LevelChangePropagator julLevels = new LevelChangePropagator();
        julLevels.setContext(context);
        julLevels.setResetJUL(true);
        julLevels.start();
        context.addListener(julLevels);

        PatternLayoutEncoder encoder = new PromptAfterLogLines();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("CONSOLE");
        console.setEncoder(encoder);
        console.start();

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(console);
        context.getLogger("io.dmkit").setLevel(Level.INFO);
        // the emulator's ThingsPro cloud side: its connection to the embedded broker is no news to users
        context.getLogger("io.dmkit.emulator.thingspro").setLevel(Level.WARN);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
