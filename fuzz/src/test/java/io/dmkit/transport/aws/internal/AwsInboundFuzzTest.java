package io.dmkit.transport.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.dmkit.api.spi.context.IncomingCommand;
import io.dmkit.fuzz.FuzzContext;
import io.dmkit.fuzz.RecordingListener;
import io.dmkit.fuzz.WireInput;
import io.dmkit.transport.aws.protocol.AwsTopics;
import io.dmkit.transport.aws.protocol.ShadowResponse;
import java.time.Duration;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * What Paho's MQTT 5 callback hands the AWS transport: any topic, any payload, retained or not, with
 * or without a message expiry (input format: {@link WireInput}). A shadow delta becomes a desired
 * patch and a command execution a command only on the thing's own topics; a malformed execution is
 * answered REJECTED (400) by the transport itself; nothing throws. The same payload is also read as
 * the shadow service's answers (a {@code /get/accepted} document, a rejection), which the transport
 * parses when one of its requests is answered: a document is a twin or an IllegalArgumentException
 * (the transport then fails the twin fetch with 502).
 */
class AwsInboundFuzzTest {

    private static final FuzzContext CONTEXT = new FuzzContext();
    private static final String SHADOW = "$aws/things/" + AwsTransports.THING + "/shadow/";

    @FuzzTest
    void messageArrived(byte[] input) {
        WireInput wire = WireInput.of(input);
        RecordingListener listener = new RecordingListener();
        AwsTransport transport = AwsTransports.create(CONTEXT.with(listener));
        MqttProperties properties = new MqttProperties();
        if (wire.messageExpirySeconds() != null) {
            properties.setMessageExpiryInterval(wire.messageExpirySeconds());
        }
        MqttMessage message = new MqttMessage(wire.payload(), 1, wire.retained(), properties);

        transport.messageArrived(wire.topic(), message);

        if (!listener.isEmpty()) {
            assertThat(wire.retained()).isFalse();
        }
        for (RecordingListener.Patch patch : listener.patches) {
            assertThat(wire.topic()).isEqualTo(SHADOW + ShadowResponse.UPDATE_DELTA.suffix());
            assertThat(patch.version()).isNotNegative();
        }
        for (IncomingCommand command : listener.commands) {
            assertThat(AwsTopics.parseCommandRequest(wire.topic())).hasValueSatisfying(
                    e -> assertThat(e.executionId()).isEqualTo(command.requestId()));
            assertThat(command.name()).isNotBlank();
            command.timeout().ifPresent(t -> assertThat(t).isGreaterThanOrEqualTo(Duration.ofSeconds(1)));
        }
        transport.close();

        try {
            String twin = ShadowTwin.twin(wire.payload());
            assertThat(twin).startsWith("{\"desired\":{");
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).isNotEmpty();
        }
        ShadowAnswer answer = ShadowAnswer.read(ShadowResponse.GET_REJECTED, wire.payload());
        answer.clientToken();
        answer.version();
        assertThat(answer.code()).isNotNull();
        assertThat(answer.message()).isNotNull();
    }
}
