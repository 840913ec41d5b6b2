package io.dmkit.transport.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dmkit.fuzz.FuzzContext;
import io.dmkit.fuzz.Nesting;
import io.dmkit.fuzz.RecordingListener;
import java.nio.charset.StandardCharsets;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The AWS transport given hostile messages: shadow documents and command executions nested far deeper
 * than AWS's 6 levels (copying or writing them out is recursive in Gson, on Paho's callback thread),
 * and payloads that are not UTF-8 (docs/clouds/aws.md: such a command is answered REJECTED, 400).
 */
class AwsHostileInputTest {

    private static final String DELTA = "$aws/things/dev-1/shadow/update/delta";
    private static final String EXECUTION = "$aws/commands/things/dev-1/executions/ex-1/request/json";

    private final FuzzContext context = new FuzzContext();
    private final RecordingListener listener = new RecordingListener();
    private final AwsTransport transport = AwsTransports.create(context.with(listener));

    @AfterEach
    void close() {
        transport.close();
        context.close();
    }

    @Test
    void shadowDeltaNestedOneHundredThousandLevelsDeepIsIgnoredWithoutStackOverflow() {
        arrive(DELTA, "{\"version\":5,\"state\":" + Nesting.objects(Nesting.HOSTILE_DEPTH) + "}");
        arrive(DELTA, "{\"version\":6,\"state\":{\"a\":1}}");

        assertThat(listener.patches).singleElement().satisfies(p -> assertThat(p.version()).isEqualTo(6));
    }

    @Test
    void commandWhoseParamsNestOneHundredThousandLevelsDeepIsNotDispatched() {
        arrive(EXECUTION, "{\"name\":\"reboot\",\"params\":" + Nesting.arrays(Nesting.HOSTILE_DEPTH) + "}");

        assertThat(listener.commands).isEmpty();
        assertThatThrownBy(() -> ExecutionRequest.parse("ex-1", ("{\"name\":\"reboot\",\"params\":"
                + Nesting.arrays(Nesting.HOSTILE_DEPTH) + "}").getBytes(StandardCharsets.UTF_8), null))
                .isInstanceOf(ExecutionRequest.MalformedException.class).hasMessageContaining("nested deeper");
    }

    @Test
    void commandPayloadThatIsNotUtf8IsNotDispatched() {
        transport.messageArrived(EXECUTION, new MqttMessage(new byte[] {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"',
            (byte) 0xC0, '"', '}'}, 1, false, new MqttProperties()));

        assertThat(listener.commands).isEmpty();
    }

    @Test
    void shadowDeltaThatIsNotUtf8IsIgnoredRatherThanHandedOnWithReplacedBytes() {
        transport.messageArrived(DELTA, new MqttMessage(new byte[] {'{', '"', 'v', 'e', 'r', 's', 'i', 'o', 'n', '"',
            ':', '5', ',', '"', 's', 't', 'a', 't', 'e', '"', ':', '{', '"', 'a', '"', ':', '"', (byte) 0xFF, '"', '}',
            '}'}, 1, false, new MqttProperties()));

        assertThat(listener.patches).isEmpty();
    }

    @Test
    void shadowDocumentNestedOneHundredThousandLevelsDeepFailsTheTwinFetchWithItsReason() {
        byte[] document = ("{\"version\":5,\"state\":{\"desired\":" + Nesting.arrays(Nesting.HOSTILE_DEPTH)
                + "}}").getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> ShadowTwin.twin(document)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nested deeper");
    }

    private void arrive(String topic, String payload) {
        transport.messageArrived(topic, new MqttMessage(payload.getBytes(StandardCharsets.UTF_8), 1, false,
                new MqttProperties()));
    }
}
