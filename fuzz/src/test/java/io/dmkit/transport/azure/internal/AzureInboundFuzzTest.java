package io.dmkit.transport.azure.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.dmkit.api.spi.context.IncomingCommand;
import io.dmkit.fuzz.FuzzContext;
import io.dmkit.fuzz.RecordingListener;
import io.dmkit.fuzz.WireInput;
import io.dmkit.transport.azure.protocol.AzureTopics;
import java.nio.charset.StandardCharsets;
import org.eclipse.paho.client.mqttv3.MqttMessage;

/**
 * What Paho's callback hands the Azure transport: any topic, any payload (input format:
 * {@link WireInput}). Desired patches and direct methods are handed on only from IoT Hub's topics
 * ({@code $iothub/twin/PATCH/properties/desired/?$version=n}, {@code $iothub/methods/POST/{name}/?$rid=r});
 * anything else is ignored with a log line, and nothing throws. The same payload is also offered as a
 * whole twin to the transport's desired mirror (what a twin GET answer feeds it), which must take it or
 * ignore it, never fail.
 */
class AzureInboundFuzzTest {

    private static final FuzzContext CONTEXT = new FuzzContext();

    @FuzzTest
    void messageArrived(byte[] input) {
        WireInput wire = WireInput.of(input);
        RecordingListener listener = new RecordingListener();
        AzureTransport transport = AzureTransports.create(CONTEXT.with(listener));
        MqttMessage message = new MqttMessage(wire.payload());
        message.setRetained(wire.retained());

        transport.messageArrived(wire.topic(), message);

        for (RecordingListener.Patch patch : listener.patches) {
            assertThat(wire.topic()).startsWith(AzureTopics.TWIN_DESIRED_PREFIX);
            // handed on as the service sent it: no bytes replaced (JSON payloads are UTF-8)
            assertThat(patch.json().getBytes(StandardCharsets.UTF_8)).isEqualTo(wire.payload());
        }
        for (IncomingCommand command : listener.commands) {
            assertThat(wire.topic()).startsWith(AzureTopics.METHOD_REQUEST_PREFIX);
            assertThat(command.requestId()).isNotEmpty();
            assertThat(command.payload()).isEqualTo(wire.payload());
        }
        transport.close();

        // The mirror sees twins (GET answers) and the patches handed on, in this order after a renewal.
        DesiredMirror mirror = new DesiredMirror();
        String text = new String(wire.payload(), StandardCharsets.UTF_8);
        mirror.apply(text, 2);
        mirror.adopt(text);
        mirror.apply(text, mirror.version() + 1);
        mirror.adopt("{\"desired\":{\"$version\":" + (mirror.version() + 1) + "},\"reported\":{}}")
                .ifPresent(p -> assertThat(p.version()).isEqualTo(mirror.version()));
    }
}
