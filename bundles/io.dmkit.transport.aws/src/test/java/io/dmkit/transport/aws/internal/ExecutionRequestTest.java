package io.dmkit.transport.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dmkit.api.spi.context.IncomingCommand;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExecutionRequestTest {

    private static IncomingCommand parse(String payload, Long expiry) throws ExecutionRequest.MalformedException {
        return ExecutionRequest.parse("exec-1", payload.getBytes(StandardCharsets.UTF_8), expiry);
    }

    @Test
    void nameComesFromThePayloadParamsAreTheHandlersPayloadAndExpiryIsTheTimeout() throws Exception {
        IncomingCommand c = parse("{\"name\":\"reboot\",\"params\":{\"delay\":5,\"why\":\"update\"}}", 30L);

        assertThat(c.requestId()).isEqualTo("exec-1");
        assertThat(c.name()).isEqualTo("reboot");
        assertThat(new String(c.payload(), StandardCharsets.UTF_8)).isEqualTo("{\"delay\":5,\"why\":\"update\"}");
        assertThat(c.timeout()).contains(Duration.ofSeconds(30));
    }

    @Test
    void missingOrNullParamsAreAnEmptyPayloadAndNoExpiryIsNoTimeout() throws Exception {
        assertThat(parse("{\"name\":\"ping\"}", null).payload()).isEmpty();
        assertThat(parse("{\"name\":\"ping\",\"params\":null}", 0L).payload()).isEmpty();
        assertThat(parse("{\"name\":\"ping\"}", null).timeout()).isEmpty();
        assertThat(new String(parse("{\"name\":\"n\",\"params\":[1,\"a\"]}", null).payload(), StandardCharsets.UTF_8))
                .isEqualTo("[1,\"a\"]");
        assertThat(new String(parse("{\"name\":\"n\",\"params\":7}", null).payload(), StandardCharsets.UTF_8))
                .isEqualTo("7");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"params\":{}}", "{\"name\":\"\",\"params\":{}}", "{\"name\":5}", "{\"name\":null}",
        "[\"name\"]", "not json", ""})
    void requestsWithoutACommandNameAreMalformed(String payload) {
        assertThatThrownBy(() -> parse(payload, 10L)).isInstanceOf(ExecutionRequest.MalformedException.class)
                .hasMessageContaining("request");
    }

    @Test
    void payloadThatIsNotUtf8IsMalformed() {
        assertThatThrownBy(() -> ExecutionRequest.parse("e", new byte[] {(byte) 0xC3, (byte) 0x28}, null))
                .isInstanceOf(ExecutionRequest.MalformedException.class).hasMessageContaining("UTF-8");
    }
}
