package io.dmkit.transport.thingspro.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmkit.fuzz.FuzzContext;
import io.dmkit.fuzz.Nesting;
import io.dmkit.fuzz.RecordingListener;
import java.nio.charset.StandardCharsets;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The ThingsPro transport's callback given hostile messages (spec §1: JSON payloads are UTF-8, command payloads raw). */
class ThingsProHostileInputTest {

    private final FuzzContext context = new FuzzContext();
    private final RecordingListener listener = new RecordingListener();
    private final ThingsProTransport transport = ThingsProTransports.create(context.with(listener));

    @AfterEach
    void close() {
        transport.close();
        context.close();
    }

    @Test
    void desiredPatchThatIsNotUtf8IsIgnoredRatherThanHandedOnWithReplacedBytes() {
        transport.messageArrived("dm/dev-1/twin/desired/5", new MqttMessage(new byte[] {'{', '"', 'a', '"', ':', '"',
            (byte) 0xC3, (byte) 0x28, '"', '}'}));

        assertThat(listener.patches).isEmpty();
    }

    @Test
    void commandPayloadThatIsNotUtf8IsHandedOnUnchanged() {
        byte[] raw = {(byte) 0xFF, (byte) 0xFE, 0, 1, 2};
        transport.messageArrived("dm/dev-1/commands/req/flash/r-1", new MqttMessage(raw));

        assertThat(listener.commands).singleElement().satisfies(c -> assertThat(c.payload()).isEqualTo(raw));
    }

    @Test
    void desiredPatchNestedOneHundredThousandLevelsDeepIsHandedOnAsTextForTheCoreToRefuse() {
        String deep = Nesting.arrays(Nesting.HOSTILE_DEPTH);
        transport.messageArrived("dm/dev-1/twin/desired/5", new MqttMessage(deep.getBytes(StandardCharsets.UTF_8)));

        assertThat(listener.patches).singleElement().satisfies(p -> assertThat(p.json()).isEqualTo(deep));
    }

    @Test
    void topicOfSixtyFourKibibytesWithThousandsOfLevelsIsIgnored() {
        String topic = "dm/dev-1/" + "a/".repeat(32_000);
        transport.messageArrived(topic, new MqttMessage(new byte[] {'{', '}'}));
        transport.messageArrived("dm/" + "x".repeat(65_000) + "/twin/desired/1", new MqttMessage(new byte[] {'{', '}'}));

        assertThat(listener.isEmpty()).isTrue();
    }
}
