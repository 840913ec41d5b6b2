package io.dmkit.transport.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmkit.api.DmMessage;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.junit.jupiter.api.Test;

class TelemetryMessageTest {

    @Test
    void propertiesBecomeUserPropertiesInTheirOrderAtQos1NotRetained() {
        MqttMessage m = TelemetryMessage.encode(DmMessage.builder("{\"t\":1}").property("unit", "C")
                .property("a", "1").build());

        assertThat(m.getQos()).isEqualTo(1);
        assertThat(m.isRetained()).isFalse();
        assertThat(m.getPayload()).isEqualTo("{\"t\":1}".getBytes());
        assertThat(m.getProperties().getUserProperties()).containsExactly(new UserProperty("unit", "C"),
                new UserProperty("a", "1"));
    }

    @Test
    void sizeCountsPayloadAndPropertiesInUtf8() {
        assertThat(TelemetryMessage.size(DmMessage.builder("abc").property("é", "ü").build())).isEqualTo(3 + 2 + 2);
    }

    @Test
    void messageOverTheLimitIsRefusedWithTheSizesAndNothingSent() {
        DmMessage exact = DmMessage.builder("x".repeat(10)).property("k", "v").build();
        assertThat(TelemetryMessage.tooLarge(exact, 12)).isEmpty();
        assertThat(TelemetryMessage.tooLarge(exact, 11)).hasValueSatisfying(why -> assertThat(why)
                .contains("12 bytes").contains("limit of 11").contains("nothing was sent"));
    }
}
