package io.dmkit.transport.thingspro.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The property bag of a ThingsPro telemetry topic (spec §6), as the service reads it from a device's
 * topic. A bag decodes to properties or is refused with an IllegalArgumentException saying why (the
 * topic parser turns that into a rejection); what decodes encodes back to a bag that decodes to the
 * same properties, and the telemetry topic built from it parses back to them.
 */
class ThingsProPropertyBagFuzzTest {

    private static final ThingsProTopics TOPICS = ThingsProTopics.withDefaultRoot();

    @FuzzTest
    void decode(byte[] input) {
        String bag = new String(input, StandardCharsets.UTF_8);
        Map<String, String> properties;
        try {
            properties = PropertyBag.decode(bag);
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).isNotEmpty();
            assertThat(TOPICS.parse("dm/dev-1/messages/" + bag).isValid()).isFalse();
            return;
        }
        assertThat(PropertyBag.decode(PropertyBag.encode(properties))).isEqualTo(properties);
        if (!bag.contains("/")) {
            TopicParseResult parsed = TOPICS.parse("dm/dev-1/messages/" + bag);
            if (parsed.isValid()) {
                assertThat(parsed.topic().orElseThrow().properties()).isEqualTo(properties);
            }
        }
    }
}
