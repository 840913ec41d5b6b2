package io.dmkit.gateway;

import io.dmkit.emulator.Endpoints;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The few lines the gateway prints once it runs: where to point a browser, where its state is, how to stop it. */
final class StartupBanner {

    private StartupBanner() {
    }

    /**
     * @param emulator the embedded emulator's endpoints, when it runs
     * @param shell whether Gogo reads standard input
     * @param inactiveBundles bundles that should run and do not
     */
    static List<String> lines(Duration startup, int consolePort, ConsoleCredentials credentials,
            Optional<Endpoints> emulator, GatewayLayout layout, boolean shell, List<String> inactiveBundles,
            long pid) {
        String console = "http://127.0.0.1:" + consolePort + "/system/console";
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "dmkit gateway is running (started in %.1f s)", startup.toMillis() / 1000.0));
        lines.add("  Web Console     " + console + "   (user " + credentials.user() + ")");
        lines.add("  Sessions        " + console + "/configMgr   (\"dmkit session\"), or the files in "
                + layout.configDir());
        emulator.ifPresentOrElse(
                e -> lines.add("  Emulator page   " + e.httpUri() + "/   (device " + DefaultSession.DEVICE_ID + ", MQTT "
                        + e.mqttUri() + ")"),
                () -> lines.add("  Emulator        off"));
        lines.add("  Data directory  " + layout.dataDir());
        if (shell) {
            lines.add("  Gogo shell      here: try dm:sessions, dm:handlers, help (exit or Ctrl-D stops the gateway)");
        }
        if (!inactiveBundles.isEmpty()) {
            lines.add("  NOT RUNNING     " + String.join(", ", inactiveBundles) + " (see the errors above)");
        }
        lines.add("Stop with Ctrl-C (or kill " + pid + ").");
        lines.addAll(credentials.warning(consolePort));
        return lines;
    }
}
