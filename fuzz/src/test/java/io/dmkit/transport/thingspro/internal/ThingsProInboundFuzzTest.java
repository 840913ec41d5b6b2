package io.dmkit.transport.thingspro.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.dmkit.api.spi.context.IncomingCommand;
import io.dmkit.fuzz.FuzzContext;
import io.dmkit.fuzz.RecordingListener;
import io.dmkit.fuzz.WireInput;
import io.dmkit.transport.thingspro.protocol.Identifiers;
import io.dmkit.transport.thingspro.protocol.ThingsProTopics;
import java.nio.charset.StandardCharsets;
import org.eclipse.paho.client.mqttv3.MqttMessage;

/**
 * What Paho's callback hands the ThingsPro transport: any topic, any payload, retained or not (input
 * format: {@link WireInput}). The transport hands on a desired patch or a command only from a valid
 * topic of its own device, ignores everything else (with a log line), and never throws: an exception
 * on Paho's callback thread would drop the connection.
 */
class ThingsProInboundFuzzTest {

    private static final FuzzContext CONTEXT = new FuzzContext();
    private static final String PREFIX = ThingsProTopics.DEFAULT_ROOT + "/" + ThingsProTransports.DEVICE + "/";

    @FuzzTest
    void messageArrived(byte[] input) {
        WireInput wire = WireInput.of(input);
        RecordingListener listener = new RecordingListener();
        ThingsProTransport transport = ThingsProTransports.create(CONTEXT.with(listener));
        MqttMessage message = new MqttMessage(wire.payload());
        message.setRetained(wire.retained());

        transport.messageArrived(wire.topic(), message);

        if (!listener.isEmpty()) {
            assertThat(wire.retained()).as("a retained request is a stale replay").isFalse();
            assertThat(wire.topic()).startsWith(PREFIX);
        }
        for (RecordingListener.Patch patch : listener.patches) {
            assertThat(wire.topic()).isEqualTo(PREFIX + "twin/desired/" + patch.version());
            assertThat(patch.version()).isPositive();
            // handed on as the service sent it: no bytes replaced (JSON payloads are UTF-8)
            assertThat(patch.json().getBytes(StandardCharsets.UTF_8)).isEqualTo(wire.payload());
        }
        for (IncomingCommand command : listener.commands) {
            assertThat(Identifiers.isValidRid(command.requestId())).isTrue();
            assertThat(Identifiers.isValidCommandName(command.name())).isTrue();
            assertThat(command.payload()).isEqualTo(wire.payload());
            command.timeout().ifPresent(t -> assertThat(t).isPositive());
        }
        transport.close();
    }
}
