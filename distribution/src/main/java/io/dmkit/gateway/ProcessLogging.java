package io.dmkit.gateway;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.logging.LogManager;
import org.slf4j.LoggerFactory;

/**
 * One logging back end for the whole process: Logback, configured by {@link GatewayLogConfiguration}
 * (or {@code -Dlogback.configurationFile=FILE}). What reaches it:
 * <ul>
 * <li>SLF4J: dmkit's bundles, Jetty and the Web Console inside the framework (see {@link Slf4jExports}),
 *     the emulator and HiveMQ on the class path;</li>
 * <li>{@link System.Logger} (the JDK's own lines): through slf4j-jdk-platform-logging, a
 *     {@code System.LoggerFinder} on the class path that the JDK picks up by itself;</li>
 * <li>java.util.logging (Paho, FileInstall): through jul-to-slf4j, installed here.</li>
 * </ul>
 */
final class ProcessLogging {

    static final String JUL_BRIDGE = "org.slf4j.bridge.SLF4JBridgeHandler";

    private ProcessLogging() {
    }

    /**
     * Initialises SLF4J on the calling thread, before the emulator and the framework start logging from
     * threads of their own (else SLF4J replays their first lines with a warning), and bridges JUL.
     */
    static void install() {
        LoggerFactory.getILoggerFactory();
        try {
            Class.forName(JUL_BRIDGE, false, ClassLoader.getSystemClassLoader());
        } catch (ClassNotFoundException e) {
            return; // without jul-to-slf4j, JUL keeps printing to stderr
        }
        // FINE and below never reach SLF4J: dropping them early keeps the bridge cheap.
        String config = "handlers=" + JUL_BRIDGE + "\n.level=INFO\n";
        try {
            LogManager.getLogManager().readConfiguration(
                    new ByteArrayInputStream(config.getBytes(StandardCharsets.ISO_8859_1)));
        } catch (IOException e) {
            // reading from memory does not fail; JUL keeps its defaults if it does
        }
    }
}
