package io.dmkit.transport.azure.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessagePropertiesTopicTest {

    @Test
    void contentTypeAndEncodingAreSystemPropertiesBesideApplicationProperties() {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("$.ct", "application/json");
        props.put("$.ce", "utf-8");
        props.put("site", "hall 1");
        assertThat(MessagePropertiesTopic.of("gw", props))
                .isEqualTo("devices/gw/messages/events/$.ct=application%2Fjson&$.ce=utf-8&site=hall%201");
    }

    @Test
    void anUnknownDollarPropertyIsRefusedWithTheKnownOnes() {
        assertThatThrownBy(() -> MessagePropertiesTopic.of("gw", Map.of("$.colour", "red")))
                .hasMessageContaining("$.colour").hasMessageContaining("$.ct");
        assertThatThrownBy(() -> MessagePropertiesTopic.of("gw", Map.of("$price", "1")))
                .hasMessageContaining("'$price'");
    }

    @Test
    void sizeIsPayloadPlusTheEncodedPropertyBag() {
        String topic = MessagePropertiesTopic.of("gw", Map.of("unit", "°C"));
        assertThat(MessagePropertiesTopic.size("gw", topic, 100)).isEqualTo(100 + "unit=%C2%B0C".length());
        assertThat(MessagePropertiesTopic.size("gw", MessagePropertiesTopic.of("gw", Map.of()), 7)).isEqualTo(7);
    }
}
