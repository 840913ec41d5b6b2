package io.dmkit.transport.mqtt.v5;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmkit.transport.mqtt.ConnectSettings;
import org.junit.jupiter.api.Test;

class Mqtt5OptionsTest {

    @Test
    void mqtt5ConnectionsUseTheSameNoDelaySocketFactoryAsMqtt311() {
        ConnectSettings settings = ConnectSettings.builder("ssl://127.0.0.1:8883", "d1").build();

        assertThat(Mqtt5Options.of(settings).getSocketFactory()).isSameAs(settings.socketFactory());
    }
}
