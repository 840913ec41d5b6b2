package io.dmkit.transport.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmkit.transport.aws.protocol.ShadowResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ShadowAnswerTest {

    private static ShadowAnswer read(ShadowResponse response, String body) {
        return ShadowAnswer.read(response, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void acceptedAnswerCarriesTokenAndVersion() {
        ShadowAnswer a = read(ShadowResponse.UPDATE_ACCEPTED, "{\"state\":{},\"version\":9,\"clientToken\":\"c\"}");
        assertThat(a.clientToken()).contains("c");
        assertThat(a.version()).hasValue(9);
    }

    @Test
    void rejectionCarriesAwsCodeAndMessage() {
        ShadowAnswer a = read(ShadowResponse.UPDATE_REJECTED,
                "{\"code\":409,\"message\":\"Version conflict\",\"timestamp\":1,\"clientToken\":\"c\"}");
        assertThat(a.code()).isEqualTo(409);
        assertThat(a.message()).isEqualTo("Version conflict");
    }

    @Test
    void unreadableBodyYieldsEmptyValuesNotAnException() {
        ShadowAnswer a = read(ShadowResponse.GET_REJECTED, "{not json");
        assertThat(a.clientToken()).isEmpty();
        assertThat(a.version()).isEmpty();
        assertThat(a.code()).isEqualTo(500);
        assertThat(read(ShadowResponse.GET_REJECTED, "{\"code\":\"x\",\"clientToken\":5}").clientToken()).isEmpty();
    }
}
