package io.dmkit.emulator.internal.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.logging.LogManager;

/**
 * Sends java.util.logging output (Paho's, and the JDK's own) to SLF4J, where dmkit's and HiveMQ's
 * own logging goes, so that the emulator's
 * {@code logback.xml} formats and filters every line of the process in one place.
 *
 * <p>The bridge is jul-to-slf4j, which HiveMQ CE brings at run time; JUL loads it by name, so there
 * is no compile-time dependency. Without it on the class path nothing changes.
 */
public final class JulToSlf4j {

    static final String BRIDGE = "org.slf4j.bridge.SLF4JBridgeHandler";

    private JulToSlf4j() {
    }

    /** @return whether the bridge is installed */
    public static boolean install() {
        try {
            Class.forName(BRIDGE, false, ClassLoader.getSystemClassLoader());
        } catch (ClassNotFoundException e) {
            return false;
        }
        // FINE and below never reach SLF4J: the bridge's cost per dropped record stays small.
        String config = "handlers=" + BRIDGE + "\n.level=INFO\n";
        try {
            LogManager.getLogManager().readConfiguration(
                    new ByteArrayInputStream(config.getBytes(StandardCharsets.ISO_8859_1)));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
