package io.dmkit.gateway;

import java.util.Map;
import java.util.Set;

/**
 * The start level of each bundle of the gateway, by symbolic name. DS makes the order mostly
 * irrelevant to correctness; it matters for what a user sees and for a clean stop (bundles stop in
 * reverse order):
 * <ul>
 * <li>ConfigAdmin and the log service are there before SCR activates components;</li>
 * <li>with the embedded emulator, the framework reaches {@link #CONSOLE_WHILE_THE_EMULATOR_STARTS} while
 *     the emulator starts in parallel, and the launcher raises it to {@link #DMKIT} meanwhile: the Web
 *     Console is up early, FileInstall applies the configuration files, dmkit's transports start, and
 *     the core (the sessions) waits for the cloud;</li>
 * <li>without it (a deployed gateway) nothing is waited for, and the Web Console comes
 *     {@link #CONSOLE_AFTER_THE_APPLICATIONS}: the sessions connect while Jetty starts, about half a
 *     second sooner than behind it;</li>
 * <li>the transports are there before the core creates sessions, and the core stops before them: a
 *     session publishes its offline status through its transport;</li>
 * <li>the applications come after the dmkit services they use, and stop first;</li>
 * <li>the Gogo shell's prompt comes last, after the launcher's banner.</li>
 * </ul>
 */
final class BundleStartOrder {

    /** OSGi APIs, libraries, the log service, ConfigAdmin, Metatype, EventAdmin, Gogo's runtime. */
    static final int FOUNDATION = 1;
    /** SCR, which acts on what level 1 provides. */
    static final int SERVICES = 2;
    /**
     * FileInstall, the configuration files: before Jetty, because FileInstall applies a file only at its
     * second scan, a second after it starts, and without the emulator that second is on the way to the
     * sessions' connect; Jetty's half second of start overlaps it.
     */
    static final int CONFIGURATION = 3;
    /**
     * Jetty and the Web Console with the embedded emulator: the beginning start level, where
     * {@link GatewayFramework#start} stops while the emulator starts.
     */
    static final int CONSOLE_WHILE_THE_EMULATOR_STARTS = 4;
    /** dmkit's API, transports, dispatcher and Gogo commands: where the launcher waits for the emulator. */
    static final int DMKIT = 5;
    /** dmkit's core, which creates the sessions. */
    static final int SESSIONS = 6;
    /** Applications: the examples, and any bundle the launcher does not know (a user's own). */
    static final int APPLICATIONS = 7;
    /** Jetty and the Web Console without the emulator: after the sessions and the applications. */
    static final int CONSOLE_AFTER_THE_APPLICATIONS = 8;
    /** The Gogo shell: the launcher starts it itself, once it has printed where things are. */
    static final int LAST_LEVEL = 9;

    static final String GOGO_SHELL = "org.apache.felix.gogo.shell";

    private static final Map<String, Integer> LEVELS = Map.ofEntries(
            Map.entry("org.osgi.util.function", FOUNDATION),
            Map.entry("org.osgi.util.promise", FOUNDATION),
            Map.entry("org.osgi.service.component", FOUNDATION),
            Map.entry("org.apache.felix.log", FOUNDATION),
            Map.entry("org.apache.felix.configadmin", FOUNDATION),
            Map.entry("org.apache.felix.metatype", FOUNDATION),
            Map.entry("org.apache.felix.eventadmin", FOUNDATION),
            Map.entry("org.apache.felix.gogo.runtime", FOUNDATION),
            Map.entry("org.apache.felix.http.servlet-api", FOUNDATION),
            Map.entry("org.apache.commons.commons-io", FOUNDATION),
            Map.entry("org.apache.commons.commons-fileupload", FOUNDATION),
            Map.entry("org.owasp.encoder", FOUNDATION),
            Map.entry("com.google.gson", FOUNDATION),
            Map.entry("org.eclipse.paho.client.mqttv3", FOUNDATION),
            Map.entry("bcprov", FOUNDATION),
            Map.entry("bcutil", FOUNDATION),
            Map.entry("bcpkix", FOUNDATION),
            Map.entry("bctls", FOUNDATION),
            Map.entry("org.xerial.sqlite-jdbc", FOUNDATION),
            Map.entry("org.apache.felix.scr", SERVICES),
            Map.entry("org.apache.felix.fileinstall", CONFIGURATION),
            Map.entry("io.dmkit.core", SESSIONS),
            Map.entry(GOGO_SHELL, LAST_LEVEL));

    /** Jetty, the Web Console and its plugins, and Gogo's commands: where they start depends on the emulator. */
    private static final Set<String> CONSOLE = Set.of("org.apache.felix.http.jetty12", "org.apache.felix.inventory",
            "org.apache.felix.webconsole", "org.apache.felix.webconsole.plugins.ds", "io.dmkit.gateway.webconsole",
            "org.apache.felix.gogo.command");

    private final int consoleLevel;

    /** @param withEmulator whether the launcher waits for the embedded emulator before the sessions */
    BundleStartOrder(boolean withEmulator) {
        this.consoleLevel = withEmulator ? CONSOLE_WHILE_THE_EMULATOR_STARTS : CONSOLE_AFTER_THE_APPLICATIONS;
    }

    /** The start level for a bundle: by name for the ones the gateway ships, else dmkit or application. */
    int levelOf(String symbolicName) {
        if (symbolicName == null) {
            return APPLICATIONS;
        }
        if (CONSOLE.contains(symbolicName)) {
            return consoleLevel;
        }
        Integer level = LEVELS.get(symbolicName);
        if (level != null) {
            return level;
        }
        if (symbolicName.startsWith("io.dmkit.")
                && !symbolicName.startsWith("io.dmkit.examples.")) {
            return DMKIT;
        }
        return APPLICATIONS;
    }

    /** Whether the launcher marks the bundle to start with the framework (the shell it starts itself). */
    static boolean startsWithFramework(String symbolicName) {
        return !GOGO_SHELL.equals(symbolicName);
    }
}
