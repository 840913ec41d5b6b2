package io.dmkit.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BundleStartOrderTest {

    private static final BundleStartOrder WITH_EMULATOR = new BundleStartOrder(true);
    private static final BundleStartOrder DEPLOYED = new BundleStartOrder(false);

    @ParameterizedTest(name = "with the emulator: {0}")
    @ValueSource(booleans = {true, false})
    void servicesComeBeforeWhatUsesThem(boolean withEmulator) {
        BundleStartOrder order = new BundleStartOrder(withEmulator);
        assertThat(order.levelOf("org.apache.felix.configadmin")).isLessThan(order.levelOf("org.apache.felix.scr"));
        assertThat(order.levelOf("org.apache.felix.log")).isLessThan(order.levelOf("org.apache.felix.scr"));
        assertThat(order.levelOf("org.apache.felix.scr")).isLessThan(order.levelOf("org.apache.felix.webconsole"));
        assertThat(order.levelOf("org.apache.felix.fileinstall")).isLessThan(order.levelOf("io.dmkit.core"));
        assertThat(order.levelOf("org.apache.felix.http.jetty12"))
                .isLessThanOrEqualTo(order.levelOf("org.apache.felix.webconsole"))
                .isEqualTo(order.levelOf("io.dmkit.gateway.webconsole"));
    }

    @Test
    void withTheEmulatorTheWebConsoleAndTheConfigurationFilesComeUpWhileItStartsAndDmkitAfterIt() {
        int beginning = FrameworkProperties.BEGINNING_START_LEVEL;
        assertThat(WITH_EMULATOR.levelOf("org.apache.felix.http.jetty12")).isLessThanOrEqualTo(beginning);
        assertThat(WITH_EMULATOR.levelOf("org.apache.felix.webconsole")).isLessThanOrEqualTo(beginning);
        assertThat(WITH_EMULATOR.levelOf("io.dmkit.gateway.webconsole")).isLessThanOrEqualTo(beginning);
        assertThat(WITH_EMULATOR.levelOf("org.apache.felix.fileinstall")).isLessThanOrEqualTo(beginning);
        assertThat(WITH_EMULATOR.levelOf("io.dmkit.api")).isGreaterThan(beginning);
        assertThat(WITH_EMULATOR.levelOf("io.dmkit.transport.thingspro")).isGreaterThan(beginning);
    }

    @Test
    void withoutTheEmulatorTheSessionsAndApplicationsStartBeforeTheWebConsoleAndTheShellStillLast() {
        assertThat(DEPLOYED.levelOf("io.dmkit.core")).isLessThan(DEPLOYED.levelOf("org.apache.felix.http.jetty12"));
        assertThat(DEPLOYED.levelOf("io.dmkit.examples.commands"))
                .isLessThan(DEPLOYED.levelOf("org.apache.felix.webconsole"));
        assertThat(DEPLOYED.levelOf("org.apache.felix.gogo.command"))
                .isLessThan(DEPLOYED.levelOf("org.apache.felix.gogo.shell"));
        assertThat(DEPLOYED.levelOf("org.apache.felix.fileinstall"))
                .isLessThanOrEqualTo(FrameworkProperties.BEGINNING_START_LEVEL);
    }

    @Test
    void configurationFilesAreReadWhileJettyStarts() {
        assertThat(WITH_EMULATOR.levelOf("org.apache.felix.fileinstall"))
                .isLessThan(WITH_EMULATOR.levelOf("org.apache.felix.http.jetty12"));
    }

    @ParameterizedTest(name = "with the emulator: {0}")
    @ValueSource(booleans = {true, false})
    void transportsAreThereBeforeTheCoreCreatesSessionsAndStopAfterIt(boolean withEmulator) {
        BundleStartOrder order = new BundleStartOrder(withEmulator);
        assertThat(order.levelOf("io.dmkit.transport.thingspro")).isLessThan(order.levelOf("io.dmkit.core"));
        assertThat(order.levelOf("io.dmkit.transport.azure")).isLessThan(order.levelOf("io.dmkit.core"));
        assertThat(order.levelOf("io.dmkit.api")).isLessThan(order.levelOf("io.dmkit.core"));
    }

    @ParameterizedTest(name = "with the emulator: {0}")
    @ValueSource(booleans = {true, false})
    void applicationsAndUnknownBundlesComeAfterDmkitAndTheShellLast(boolean withEmulator) {
        BundleStartOrder order = new BundleStartOrder(withEmulator);
        assertThat(order.levelOf("io.dmkit.examples.commands")).isGreaterThan(order.levelOf("io.dmkit.core"));
        assertThat(order.levelOf("com.example.my.handler")).isEqualTo(order.levelOf("io.dmkit.examples.commands"));
        assertThat(order.levelOf(null)).isEqualTo(order.levelOf("io.dmkit.examples.commands"));
        assertThat(order.levelOf("org.apache.felix.gogo.shell")).isEqualTo(BundleStartOrder.LAST_LEVEL)
                .isGreaterThan(order.levelOf("com.example.my.handler"))
                .isGreaterThan(order.levelOf("org.apache.felix.webconsole"));
        assertThat(BundleStartOrder.startsWithFramework("org.apache.felix.gogo.shell")).isFalse();
        assertThat(BundleStartOrder.startsWithFramework("io.dmkit.core")).isTrue();
    }
}
