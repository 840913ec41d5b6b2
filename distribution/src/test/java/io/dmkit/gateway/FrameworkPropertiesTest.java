package io.dmkit.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FrameworkPropertiesTest {

    private final GatewayLayout layout = new GatewayLayout(Path.of("/data"), Path.of("/opt/gw/lib/bundles"));
    private final ConsoleCredentials credentials = ConsoleCredentials.resolve(Optional.of("ops"),
            Optional.of("hunter2"), Map.of());

    @Test
    void theWebConsoleListensOnLoopbackOnlyWithTheGivenLogin() {
        Map<String, String> p = FrameworkProperties.of(layout, 9090, credentials, false, Optional.empty());
        assertThat(p).containsEntry("org.osgi.service.http.port", "9090")
                .containsEntry("org.apache.felix.http.host", "127.0.0.1")
                .containsEntry("felix.webconsole.username", "ops");
        assertThat(p.get("felix.webconsole.password")).startsWith("{sha-256}");
        assertThat(p.values()).noneMatch(v -> v.contains("hunter2"));
    }

    @Test
    void stateGoesToTheDataDirectory() {
        Map<String, String> p = FrameworkProperties.of(layout, 8080, credentials, false, Optional.empty());
        assertThat(p).containsEntry("org.osgi.framework.storage", Path.of("/data/felix").toString())
                .containsEntry("felix.fileinstall.dir", Path.of("/data/config").toString())
                .containsEntry("felix.fileinstall.enableConfigSave", "true")
                .containsEntry("org.osgi.framework.startlevel.beginning",
                        String.valueOf(BundleStartOrder.CONSOLE_WHILE_THE_EMULATOR_STARTS));
    }

    @Test
    void fileInstallWaitsAPollIntervalBeforeItsFirstScan() {
        // with noInitialDelay=true its second scan can read a file while FileInstall rewrites it, and apply it empty
        assertThat(FrameworkProperties.of(layout, 8080, credentials, false, Optional.empty()))
                .containsEntry("felix.fileinstall.noInitialDelay", "false");
    }

    @Test
    void fileInstallScansAtLeastTwiceASecond() {
        // it applies a file a few scans after it appears (or after it starts): at 2 s per scan that was 4 s
        // of every start without the emulator before the demo session existed
        int poll = Integer.parseInt(FrameworkProperties.of(layout, 8080, credentials, false, Optional.empty())
                .get("felix.fileinstall.poll"));
        assertThat(poll).isPositive().isLessThanOrEqualTo(500);
    }

    @Test
    void gogoReadsStandardInputOnlyWhenAsked() {
        assertThat(FrameworkProperties.of(layout, 8080, credentials, false, Optional.empty()))
                .containsEntry("gosh.args", "--nointeractive");
        assertThat(FrameworkProperties.of(layout, 8080, credentials, true, Optional.empty()).get("gosh.args"))
                .doesNotContain("--nointeractive");
    }

    @Test
    void slf4jIsExportedFromTheClassPathWhenPresent() {
        assertThat(FrameworkProperties.of(layout, 8080, credentials, false, Optional.empty()))
                .doesNotContainKey("org.osgi.framework.system.packages.extra");
        assertThat(FrameworkProperties.of(layout, 8080, credentials, false, Optional.of("org.slf4j;version=2.0.17")))
                .containsEntry("org.osgi.framework.system.packages.extra", "org.slf4j;version=2.0.17");
        // the gateway's own class path has it, with the 1.7 compatibility export the Web Console needs
        assertThat(Slf4jExports.fromClassPath()).hasValueSatisfying(
                exports -> assertThat(exports).contains("org.slf4j;", "version=\"1.7.36\""));
    }
}
