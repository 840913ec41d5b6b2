package io.dmkit.transport.aws.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExecutionStatusTest {

    @Test
    void eachFinalStatusStandsForTheStatusItIsChosenFor() {
        for (ExecutionStatus status : ExecutionStatus.values()) {
            if (status.isTerminal()) {
                assertThat(ExecutionStatus.forHttpStatus(status.defaultHttpStatus())).isEqualTo(status);
            }
        }
        assertThat(ExecutionStatus.IN_PROGRESS.isTerminal()).isFalse();
    }

    @Test
    void statusesParseByTheirAwsNamesOnly() {
        assertThat(ExecutionStatus.parse("TIMED_OUT")).contains(ExecutionStatus.TIMED_OUT);
        assertThat(ExecutionStatus.parse("timed_out")).isEmpty();
    }

    @Test
    void httpReasonCodesCarryTheExactStatus() {
        assertThat(HttpReasonCode.of(504)).isEqualTo("HTTP_504");
        assertThat(HttpReasonCode.parse("HTTP_504")).hasValue(504);
        assertThat(HttpReasonCode.parse("HTTP_600")).isEmpty();
        assertThat(HttpReasonCode.parse("TIMEOUT")).isEmpty();
        assertThat(HttpReasonCode.REASON_CODE.matcher(HttpReasonCode.of(-1)).matches()).as("still a valid AWS reason code")
                .isTrue();
    }
}
