package io.dmkit.gateway;

import static io.dmkit.gateway.BundleStartOrder.levelOf;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BundleStartOrderTest {

    @Test
    void servicesComeBeforeWhatUsesThem() {
        assertThat(levelOf("org.apache.felix.configadmin")).isLessThan(levelOf("org.apache.felix.scr"));
        assertThat(levelOf("org.apache.felix.log")).isLessThan(levelOf("org.apache.felix.scr"));
        assertThat(levelOf("org.apache.felix.scr")).isLessThan(levelOf("org.apache.felix.webconsole"));
        assertThat(levelOf("org.apache.felix.fileinstall")).isLessThan(levelOf("io.dmkit.core"));
    }

    @Test
    void theWebConsoleAndTheConfigurationFilesComeUpWhileTheEmulatorStartsAndDmkitAfterIt() {
        int beginning = FrameworkProperties.BEGINNING_START_LEVEL;
        assertThat(levelOf("org.apache.felix.http.jetty12")).isLessThanOrEqualTo(beginning);
        assertThat(levelOf("org.apache.felix.webconsole")).isLessThanOrEqualTo(beginning);
        assertThat(levelOf("io.dmkit.gateway.webconsole")).isLessThanOrEqualTo(beginning);
        assertThat(levelOf("org.apache.felix.fileinstall")).isLessThanOrEqualTo(beginning);
        assertThat(levelOf("io.dmkit.api")).isGreaterThan(beginning);
        assertThat(levelOf("io.dmkit.transport.thingspro")).isGreaterThan(beginning);
    }

    @Test
    void configurationFilesAreReadWhileJettyStarts() {
        assertThat(levelOf("org.apache.felix.fileinstall")).isLessThan(levelOf("org.apache.felix.http.jetty12"));
    }

    @Test
    void transportsAreThereBeforeTheCoreCreatesSessionsAndStopAfterIt() {
        assertThat(levelOf("io.dmkit.transport.thingspro")).isLessThan(levelOf("io.dmkit.core"));
        assertThat(levelOf("io.dmkit.transport.azure")).isLessThan(levelOf("io.dmkit.core"));
        assertThat(levelOf("io.dmkit.api")).isLessThan(levelOf("io.dmkit.core"));
    }

    @Test
    void applicationsAndUnknownBundlesComeAfterDmkitAndTheShellLast() {
        assertThat(levelOf("io.dmkit.examples.commands")).isGreaterThan(levelOf("io.dmkit.core"));
        assertThat(levelOf("com.example.my.handler")).isEqualTo(levelOf("io.dmkit.examples.commands"));
        assertThat(levelOf(null)).isEqualTo(levelOf("io.dmkit.examples.commands"));
        assertThat(levelOf("org.apache.felix.gogo.shell")).isEqualTo(BundleStartOrder.LAST_LEVEL)
                .isGreaterThan(levelOf("com.example.my.handler"));
        assertThat(BundleStartOrder.startsWithFramework("org.apache.felix.gogo.shell")).isFalse();
        assertThat(BundleStartOrder.startsWithFramework("io.dmkit.core")).isTrue();
    }
}
