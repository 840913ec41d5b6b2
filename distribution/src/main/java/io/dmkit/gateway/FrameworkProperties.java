package io.dmkit.gateway;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The Felix framework properties of the gateway: where the cache is, what the system bundle exports,
 * and the settings the runtime bundles read through {@code BundleContext.getProperty} (HTTP, Web
 * Console, FileInstall, Gogo). Everything a user might want to look up is here, in one place.
 */
final class FrameworkProperties {

    /**
     * The start level {@code start()} reaches: FileInstall runs, and the Web Console when the emulator
     * starts; the dmkit bundles wait until the launcher raises the level (to
     * {@link BundleStartOrder#LAST_LEVEL}, the core only once the emulator runs).
     */
    static final int BEGINNING_START_LEVEL = BundleStartOrder.CONSOLE_WHILE_THE_EMULATOR_STARTS;
    /** How often FileInstall looks at the configuration directory. */
    static final int FILE_INSTALL_POLL_MILLIS = 500;

    private FrameworkProperties() {
    }

    /**
     * @param interactiveShell whether the Gogo shell will read standard input
     * @param slf4jExports the SLF4J packages to export from the class path, if any ({@link Slf4jExports})
     */
    static Map<String, String> of(GatewayLayout layout, int consolePort, ConsoleCredentials credentials,
            boolean interactiveShell, Optional<String> slf4jExports) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("org.osgi.framework.storage", layout.felixDir().toString());
        p.put("org.osgi.framework.startlevel.beginning", String.valueOf(BEGINNING_START_LEVEL));
        slf4jExports.ifPresent(exports -> p.put("org.osgi.framework.system.packages.extra", exports));

        // Web Console on Jetty, loopback only. Felix HTTP ignores org.osgi.service.http.host (toolchain trap 7).
        p.put("org.osgi.service.http.port", String.valueOf(consolePort));
        p.put("org.apache.felix.http.host", "127.0.0.1");
        p.put("org.apache.felix.http.jetty.sendServerHeader", "false");
        p.put("felix.webconsole.username", credentials.user());
        p.put("felix.webconsole.password", credentials.passwordHash());
        p.put("felix.webconsole.realm", "dmkit gateway");

        // Configuration files: applied within two poll intervals of a change; changes made in the Web Console
        // are written back into them (FileInstall truncates and rewrites the file to do so).
        p.put("felix.fileinstall.dir", layout.configDir().toString());
        p.put("felix.fileinstall.filter", ".*\\.(cfg|config)");
        p.put("felix.fileinstall.enableConfigSave", "true");
        // FileInstall applies a new or changed file only once a later scan finds it unchanged (so that it
        // never reads a file being written), and the first scan comes a poll interval after start
        // (noInitialDelay below): with a poll of 2 s the demo session's file was applied 4 s after FileInstall
        // started, the largest wait of a start without the emulator; with half a second, 1 to 1.5 s. A scan
        // is a few stat calls of this small directory.
        p.put("felix.fileinstall.poll", String.valueOf(FILE_INSTALL_POLL_MILLIS));
        // Plain polling of this small directory: no WatchService thread, and a scan only every poll interval.
        p.put("felix.fileinstall.disableNio2", "true");
        // Not "true": then FileInstall scans once while starting and again at once from its watcher thread,
        // and that second scan can read a file in the instant FileInstall rewrites it after applying it,
        // see it empty and apply an empty configuration (and write that back). Seen in about one first start
        // in ten; with the delay the first scan comes a poll interval after start, and none in twenty.
        p.put("felix.fileinstall.noInitialDelay", "false");
        p.put("felix.fileinstall.log.default", "jul");
        p.put("felix.fileinstall.log.level", "2"); // warnings and errors

        // Gogo: without a terminal the shell must not read standard input, or end of input stops the
        // framework (toolchain trap 9). The shell bundle only starts when it is to read it.
        p.put("gosh.args", interactiveShell ? "--quiet" : "--nointeractive");
        // where the shell reads its profile (ShellProfile), which makes exit stop the gateway cleanly
        p.put("gosh.home", layout.shellDir().toString());
        return p;
    }
}
