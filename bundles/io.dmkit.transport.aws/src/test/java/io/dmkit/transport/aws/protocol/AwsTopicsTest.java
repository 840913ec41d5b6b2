package io.dmkit.transport.aws.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AwsTopicsTest {

    @Test
    void shadowRequestsAreBuiltAndRecognisedForClassicAndNamedShadows() {
        assertThat(AwsTopics.shadowRequest(ShadowKey.classic("t1"), ShadowOperation.GET)).isEqualTo("$aws/things/t1/shadow/get");
        assertThat(AwsTopics.parseShadowRequest("$aws/things/t1/shadow/update"))
                .contains(new AwsTopics.ShadowRequest(ShadowKey.classic("t1"), ShadowOperation.UPDATE));
        assertThat(AwsTopics.parseShadowRequest("$aws/things/t1/shadow/name/cfg:1/get"))
                .contains(new AwsTopics.ShadowRequest(ShadowKey.named("t1", "cfg:1"), ShadowOperation.GET));
    }

    @Test
    void responsesAndOtherTopicsAreNotRequests() {
        assertThat(AwsTopics.parseShadowRequest("$aws/things/t1/shadow/update/accepted")).isEmpty();
        assertThat(AwsTopics.parseShadowRequest("$aws/things/t1/shadow/name/bad name/get")).isEmpty();
        assertThat(AwsTopics.parseShadowRequest("$aws/things/t1/shadow/name/" + "n".repeat(65) + "/get")).isEmpty();
        assertThat(AwsTopics.parseShadowRequest("$aws/things/t1/jobs/get")).isEmpty();
        assertThat(AwsTopics.parseShadowRequest("$aws/things//shadow/get")).isEmpty();
    }

    @Test
    void shadowResponsesAreBuiltAndRecognised() {
        ShadowKey named = ShadowKey.named("t1", "cfg");
        assertThat(AwsTopics.shadowResponse(named, ShadowResponse.UPDATE_DELTA))
                .isEqualTo("$aws/things/t1/shadow/name/cfg/update/delta");
        assertThat(AwsTopics.shadowResponse(ShadowKey.classic("t1"), ShadowOperation.DELETE.rejected()))
                .isEqualTo("$aws/things/t1/shadow/delete/rejected");
        for (ShadowKey key : new ShadowKey[] {ShadowKey.classic("t1"), named}) {
            for (ShadowResponse response : ShadowResponse.values()) {
                assertThat(AwsTopics.parseShadowResponse(AwsTopics.shadowResponse(key, response)))
                        .contains(new AwsTopics.ShadowNotice(key, response));
            }
        }
        assertThat(AwsTopics.parseShadowResponse("$aws/things/t1/shadow/update")).isEmpty();
        assertThat(AwsTopics.parseShadowResponse("$aws/things/t1/shadow/update/other")).isEmpty();
        assertThat(AwsTopics.parseShadowResponse("dt/t1/update/accepted")).isEmpty();
    }

    @Test
    void operationsNameTheirResponses() {
        assertThat(ShadowOperation.GET.accepted()).isEqualTo(ShadowResponse.GET_ACCEPTED);
        assertThat(ShadowOperation.UPDATE.rejected()).isEqualTo(ShadowResponse.UPDATE_REJECTED);
        assertThat(ShadowResponse.UPDATE_DELTA.operation()).isEqualTo(ShadowOperation.UPDATE);
        assertThat(ShadowResponse.DELETE_REJECTED.suffix()).isEqualTo("delete/rejected");
    }

    @Test
    void commandTopicsAreBuiltAndRecognisedOnBothSides() {
        assertThat(AwsTopics.commandRequest("t1", "e-1")).isEqualTo("$aws/commands/things/t1/executions/e-1/request/json");
        assertThat(AwsTopics.commandRequestFilter("t1")).isEqualTo("$aws/commands/things/t1/executions/+/request/json");
        assertThat(AwsTopics.commandResponse("t1", "e-1")).isEqualTo("$aws/commands/things/t1/executions/e-1/response/json");
        assertThat(AwsTopics.commandRejectedFilter("t1"))
                .isEqualTo("$aws/commands/things/t1/executions/+/response/rejected/json");

        assertThat(AwsTopics.parseCommandRequest(AwsTopics.commandRequest("t1", "e-1")))
                .contains(new AwsTopics.Execution("t1", "e-1"));
        assertThat(AwsTopics.parseCommandResponse(AwsTopics.commandResponse("t1", "e-1")))
                .contains(new AwsTopics.Execution("t1", "e-1"));
        assertThat(AwsTopics.parseCommandRejected(AwsTopics.commandRejected("t1", "e-1")))
                .contains(new AwsTopics.Execution("t1", "e-1"));
    }

    @Test
    void commandTopicsOfOtherShapesAreNotRecognised() {
        assertThat(AwsTopics.parseCommandResponse("$aws/commands/things/t1/executions/e-1/response/accepted/json")).isEmpty();
        assertThat(AwsTopics.parseCommandResponse("$aws/commands/clients/c1/executions/e-1/response/json")).isEmpty();
        assertThat(AwsTopics.parseCommandRequest("$aws/commands/things/t1/executions/e-1/request/cbor")).isEmpty();
        assertThat(AwsTopics.parseCommandRequest("$aws/commands/things/t1/executions/+/request/json")).isEmpty();
        assertThat(AwsTopics.parseCommandRequest(AwsTopics.commandResponse("t1", "e-1"))).isEmpty();
    }

    @Test
    void reservedSpaceIsDollarAwsOnly() {
        assertThat(AwsTopics.isReserved("$aws/things/t1/shadow/get")).isTrue();
        assertThat(AwsTopics.isReserved("$aws")).isTrue();
        assertThat(AwsTopics.isReserved("$awsx/y")).isFalse();
        assertThat(AwsTopics.isReserved("dt/t1/messages")).isFalse();
    }
}
