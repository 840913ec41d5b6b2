package io.dmkit.transport.azure.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * IoT Hub's property bag and topics as the device reads them: a bag decodes (a later duplicate key
 * wins, as documented) or is refused with an IllegalArgumentException; a topic parses or is refused
 * the same way. What decodes encodes back to the same properties; a parsed request topic has its
 * {@code $rid}, a desired patch its {@code $version}.
 */
class AzurePropertyBagFuzzTest {

    @FuzzTest
    void decodeAndParse(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        try {
            Map<String, String> properties = PropertyBag.decode(text);
            if (!properties.containsKey("")) {
                assertThat(PropertyBag.decode(PropertyBag.encode(properties))).isEqualTo(properties);
            }
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).isNotEmpty();
        }
        try {
            AzureTopic topic = AzureTopics.parse(text);
            switch (topic.kind()) {
                case DESIRED_PATCH -> assertThat(topic.version()).isPresent();
                case TWIN_RESPONSE -> assertThat(topic.status()).isPresent();
                case METHOD_REQUEST -> assertThat(topic.methodName()).isPresent();
                default -> assertThat(topic.kind()).isNotNull();
            }
            if (topic.kind() != AzureTopic.Kind.TELEMETRY && topic.kind() != AzureTopic.Kind.DESIRED_PATCH) {
                assertThat(topic.rid()).hasValueSatisfying(rid -> assertThat(rid).isNotEmpty());
            }
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).isNotEmpty();
        }
    }
}
