package io.dmkit.emulator.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmkit.emulator.Endpoints;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The lines printed at start name every place a user needs: page, MQTT ports, CA certificate, state. */
class EmulatorArgumentsBannerTest {

    private final Endpoints endpoints = new Endpoints("localhost", 1883, 8883, 8443, 8081,
            Path.of("/state/pki/ca.pem"), Path.of("/state"));

    @Test
    void bannerNamesThePageThePortsTheCaAndTheStateDirectory() {
        assertThat(String.join("\n", StartupBanner.lines(endpoints, "127.0.0.1"))).contains(
                "http://localhost:8081/", "tcp://localhost:1883", "ssl://localhost:8883",
                "wss://localhost:8443/$iothub/websocket", "/state/pki/ca.pem", "/state").doesNotContain("listening on");
    }

    @Test
    void bannerSaysWhenTheListenersAreExposedBeyondLoopback() {
        assertThat(StartupBanner.lines(endpoints, "0.0.0.0").get(0)).contains("listening on 0.0.0.0");
    }
}
