package io.dmkit.emulator.internal.aws;

import static io.dmkit.emulator.internal.aws.AwsShadowStoreTest.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dmkit.emulator.CommandResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AwsCommandResponseTest {

    @ParameterizedTest(name = "{0} without an HTTP reason code is {1}")
    @CsvSource({"SUCCEEDED,200", "FAILED,500", "REJECTED,400", "TIMED_OUT,504"})
    void statusWithoutHttpReasonCodeMapsToItsDefault(String status, int expected) throws Exception {
        CommandResponse response = CommandResponse.parse(bytes("{\"status\":\"" + status + "\"}"));

        assertThat(response.toResult().status()).isEqualTo(expected);
    }

    @Test
    void httpReasonCodeGivesTheStatus() throws Exception {
        CommandResponse response = CommandResponse.parse(bytes(
                "{\"status\":\"FAILED\",\"statusReason\":{\"reasonCode\":\"HTTP_503\",\"reasonDescription\":\"busy\"}}"));

        assertThat(response.toResult().status()).isEqualTo(503);
    }

    @Test
    void otherReasonCodesLeaveTheDefault() throws Exception {
        assertThat(CommandResponse.parse(bytes("{\"status\":\"FAILED\",\"statusReason\":{\"reasonCode\":\"HTTP_99\"}}"))
                .toResult().status()).isEqualTo(500);
        assertThat(CommandResponse.parse(bytes("{\"status\":\"SUCCEEDED\",\"statusReason\":{\"reasonCode\":\"OK\"}}"))
                .toResult().status()).isEqualTo(200);
    }

    @Test
    void stringResultThatIsJsonBecomesThePayload() throws Exception {
        CommandResult result = CommandResponse.parse(bytes("{\"status\":\"SUCCEEDED\",\"statusReason\":{\"reasonCode\":"
                + "\"HTTP_201\"},\"result\":{\"response\":{\"s\":\"{\\\"done\\\": true}\"}}}")).toResult();

        assertThat(result).isEqualTo(new CommandResult(201, "{\"done\":true}"));
    }

    @Test
    void stringResultThatIsNotJsonIsQuoted() throws Exception {
        CommandResult result = CommandResponse.parse(bytes(
                "{\"status\":\"SUCCEEDED\",\"result\":{\"response\":{\"s\":\"all \\\"good\\\"\"}}}")).toResult();

        assertThat(result.payloadJson()).isEqualTo("\"all \\\"good\\\"\"");
    }

    @Test
    void noStringResponseMeansNoPayload() throws Exception {
        assertThat(CommandResponse.parse(bytes("{\"status\":\"SUCCEEDED\"}")).toResult().payloadJson()).isNull();
        assertThat(CommandResponse.parse(bytes("{\"status\":\"SUCCEEDED\",\"result\":{\"response\":{\"b\":true}}}"))
                .toResult().payloadJson()).isNull();
    }

    @Test
    void inProgressIsNotTerminal() throws Exception {
        assertThat(CommandResponse.parse(bytes("{\"status\":\"IN_PROGRESS\"}")).status().isTerminal()).isFalse();
    }

    @Test
    void unknownStatusIsAnInvalidRequest() {
        assertRejected("{\"status\":\"DONE\"}", "InvalidRequest");
        assertRejected("{\"result\":{}}", "InvalidRequest");
    }

    @Test
    void reasonCodeMustMatchTheAwsPattern() {
        assertRejected("{\"status\":\"FAILED\",\"statusReason\":{\"reasonCode\":\"http_503\"}}", "InvalidRequest");
        assertRejected("{\"status\":\"FAILED\",\"statusReason\":{\"reasonCode\":\"" + "A".repeat(65) + "\"}}",
                "InvalidRequest");
        assertRejected("{\"status\":\"FAILED\",\"statusReason\":{}}", "InvalidRequest");
    }

    @Test
    void resultMustBeAnObject() {
        assertRejected("{\"status\":\"SUCCEEDED\",\"result\":\"ok\"}", "InvalidRequest");
    }

    @Test
    void payloadThatIsNotAJsonObjectIsInvalidJson() {
        assertRejected("SUCCEEDED", "InvalidJson");
    }

    @Test
    void rejectionPayloadNamesTheExecution() {
        CommandRejection rejection = new CommandRejection("TerminalStateReached", "finished");

        assertThat(rejection.payload("e-1")).isEqualTo(AwsShadowStoreTest.json(
                "{\"error\":\"TerminalStateReached\",\"errorMessage\":\"finished\",\"executionId\":\"e-1\"}"));
    }

    private static void assertRejected(String payload, String error) {
        assertThatThrownBy(() -> CommandResponse.parse(bytes(payload)))
                .isInstanceOfSatisfying(CommandRejection.class, r -> assertThat(r.error()).isEqualTo(error));
    }
}
