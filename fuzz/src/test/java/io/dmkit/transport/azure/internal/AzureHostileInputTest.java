package io.dmkit.transport.azure.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmkit.fuzz.FuzzContext;
import io.dmkit.fuzz.Nesting;
import io.dmkit.fuzz.RecordingListener;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Azure transport given hostile messages from the hub: JSON that is not UTF-8, and documents
 * nested far deeper than IoT Hub's 10 levels, which its desired mirror must not copy or merge (Gson does
 * both recursively, on Paho's callback thread).
 */
class AzureHostileInputTest {

    private static final String TWIN = "{\"desired\":{\"a\":1,\"$version\":4},\"reported\":{\"$version\":1}}";

    private final FuzzContext context = new FuzzContext();
    private final RecordingListener listener = new RecordingListener();
    private final AzureTransport transport = AzureTransports.create(context.with(listener));

    @AfterEach
    void close() {
        transport.close();
        context.close();
    }

    @Test
    void desiredPatchThatIsNotUtf8IsIgnoredRatherThanHandedOnWithReplacedBytes() {
        transport.messageArrived("$iothub/twin/PATCH/properties/desired/?$version=5", new MqttMessage(new byte[] {'{',
            '"', 'a', '"', ':', '"', (byte) 0xFF, '"', '}'}));

        assertThat(listener.patches).isEmpty();
    }

    @Test
    void desiredPatchNestedOneHundredThousandLevelsDeepIsIgnoredByTheMirrorWithoutStackOverflow() {
        DesiredMirror mirror = new DesiredMirror();
        mirror.adopt(TWIN);

        mirror.apply("{\"deep\":" + Nesting.objects(Nesting.HOSTILE_DEPTH) + "}", 5);

        assertThat(mirror.version()).isEqualTo(4);
        assertThat(mirror.adopt("{\"desired\":{\"a\":2,\"$version\":6}}")).hasValueSatisfying(
                patch -> assertThat(patch.json()).isEqualTo("{\"a\":2,\"$version\":6}"));
    }

    @Test
    void earlyDesiredPatchNestedOneHundredThousandLevelsDeepIsNotMergedIntoTheNextTwin() {
        DesiredMirror mirror = new DesiredMirror();
        mirror.apply("{\"deep\":" + Nesting.objects(Nesting.HOSTILE_DEPTH) + "}", 5);

        mirror.adopt(TWIN);

        assertThat(mirror.version()).isEqualTo(4);
    }

    @Test
    void twinNestedOneHundredThousandLevelsDeepIsNotAdopted() {
        DesiredMirror mirror = new DesiredMirror();

        assertThat(mirror.adopt("{\"desired\":{\"$version\":3,\"deep\":" + Nesting.arrays(Nesting.HOSTILE_DEPTH)
                + "}}")).isEmpty();
        assertThat(mirror.isKnown()).isFalse();
    }

    @Test
    void topicWithARepeatedVersionTakesTheLastAsItsPropertyBagIsDocumentedTo() {
        transport.messageArrived("$iothub/twin/PATCH/properties/desired/?$version=5&$version=7",
                new MqttMessage("{\"a\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_8)));

        assertThat(listener.patches).singleElement().satisfies(p -> assertThat(p.version()).isEqualTo(7));
    }
}
