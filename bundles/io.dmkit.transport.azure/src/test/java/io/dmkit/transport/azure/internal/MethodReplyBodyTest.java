package io.dmkit.transport.azure.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MethodReplyBodyTest {

    private static String body(String reply) {
        return new String(MethodReplyBody.of(reply.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    @Test
    void jsonGoesOutUnchanged() {
        assertThat(body("{\"ok\":true}")).isEqualTo("{\"ok\":true}");
        assertThat(body(" [1, 2] ")).isEqualTo(" [1, 2] ");
        assertThat(body("42")).isEqualTo("42");
        assertThat(body("\"quoted\"")).isEqualTo("\"quoted\"");
        assertThat(body("null")).isEqualTo("null");
    }

    @Test
    void emptyStaysEmpty() {
        assertThat(MethodReplyBody.of(new byte[0])).isEmpty();
    }

    @Test
    void textThatIsNotStrictJsonGoesOutAsAJsonString() {
        assertThat(body("hello")).isEqualTo("\"hello\"");
        assertThat(body("{'lenient':1}")).as("single quotes are not JSON").isEqualTo("\"{'lenient':1}\"");
        assertThat(body("{\"a\":1} trailing")).isEqualTo("\"{\\\"a\\\":1} trailing\"");
        assertThat(body("   ")).isEqualTo("\"   \"");
        assertThat(body("line\nbreak")).isEqualTo("\"line\\nbreak\"");
    }

    @Test
    void bytesThatAreNotUtf8GoOutAsTheirBase64InAJsonString() {
        assertThat(new String(MethodReplyBody.of(new byte[] {(byte) 0xff, 0x00, 0x41}), StandardCharsets.UTF_8))
                .isEqualTo("\"/wBB\"");
    }
}
