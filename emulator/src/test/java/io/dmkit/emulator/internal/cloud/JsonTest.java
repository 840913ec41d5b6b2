package io.dmkit.emulator.internal.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void replyPayloadKeepsStrictJsonQuotesAnythingElseAndDropsEmptyOrNull() {
        assertThat(Json.replyPayload("{ \"a\" : 1 }")).isEqualTo("{\"a\":1}");
        assertThat(Json.replyPayload("NaN")).isEqualTo("\"NaN\"");
        assertThat(Json.replyPayload("{a:1}")).isEqualTo("\"{a:1}\"");
        assertThat(Json.replyPayload("1 2")).isEqualTo("\"1 2\"");
        assertThat(Json.replyPayload("null")).isNull();
        assertThat(Json.replyPayload("  ")).isNull();
        assertThat(Json.replyPayload(null)).isNull();
    }

    @Test
    void compactTextKeepsNullsAndDoesNotEscapeHtml() {
        assertThat(Json.text(com.google.gson.JsonParser.parseString("{\"a\":null,\"b\":\"<=>\"}")))
                .isEqualTo("{\"a\":null,\"b\":\"<=>\"}");
    }
}
