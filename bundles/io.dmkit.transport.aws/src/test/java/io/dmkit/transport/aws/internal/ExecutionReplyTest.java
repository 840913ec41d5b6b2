package io.dmkit.transport.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.dmkit.api.CommandResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExecutionReplyTest {

    private static JsonObject reply(CommandResponse response) {
        return JsonParser.parseString(new String(ExecutionReply.of(response), StandardCharsets.UTF_8)).getAsJsonObject();
    }

    @ParameterizedTest
    @CsvSource({
        "200, SUCCEEDED", "201, SUCCEEDED", "204, SUCCEEDED", "400, REJECTED", "403, REJECTED", "404, REJECTED",
        "409, REJECTED", "408, TIMED_OUT", "504, TIMED_OUT", "500, FAILED", "503, FAILED", "302, FAILED", "0, FAILED",
        "100, FAILED"})
    void handlerStatusMapsOntoTheExecutionStatusAndIsKeptInTheReasonCode(int status, String execution) {
        JsonObject r = reply(CommandResponse.status(status));

        assertThat(r.get("status").getAsString()).isEqualTo(execution);
        assertThat(r.getAsJsonObject("statusReason").get("reasonCode").getAsString()).isEqualTo("HTTP_" + status);
        assertThat(r.has("result")).as("no payload, no result").isFalse();
    }

    @Test
    void replyTextIsTheStringResultResponse() {
        JsonObject r = reply(CommandResponse.of(200, "{\"uptime\":5}"));

        assertThat(r.getAsJsonObject("result").getAsJsonObject("response").get("s").getAsString())
                .isEqualTo("{\"uptime\":5}");
    }

    @Test
    void binaryReplyTravelsAsBase64() {
        byte[] binary = {(byte) 0xFF, 0, 1};
        JsonObject r = reply(CommandResponse.of(200, binary));

        assertThat(r.getAsJsonObject("result").getAsJsonObject("response").get("bin").getAsString())
                .isEqualTo(Base64.getEncoder().encodeToString(binary));
    }

    @Test
    void malformedRequestIsRejectedWith400AndTheReasonBoundedToAwsLimit() {
        JsonObject r = JsonParser.parseString(new String(ExecutionReply.malformed("x".repeat(2000)), StandardCharsets.UTF_8))
                .getAsJsonObject();

        assertThat(r.get("status").getAsString()).isEqualTo("REJECTED");
        assertThat(r.getAsJsonObject("statusReason").get("reasonCode").getAsString()).isEqualTo("HTTP_400");
        assertThat(r.getAsJsonObject("statusReason").get("reasonDescription").getAsString()).hasSize(1024);
    }
}
