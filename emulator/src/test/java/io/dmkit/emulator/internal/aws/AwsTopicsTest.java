package io.dmkit.emulator.internal.aws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AwsTopicsTest {

    @Test
    void classicAndNamedShadowRequestsAreRecognised() {
        assertThat(AwsTopics.shadowRequest("$aws/things/t1/shadow/update"))
                .contains(new AwsTopics.ShadowRequest(ShadowKey.classic("t1"), ShadowOperation.UPDATE));
        assertThat(AwsTopics.shadowRequest("$aws/things/t1/shadow/name/cfg:1/get"))
                .contains(new AwsTopics.ShadowRequest(ShadowKey.named("t1", "cfg:1"), ShadowOperation.GET));
    }

    @Test
    void replyTopicsAndBadShadowNamesAreNotRequests() {
        assertThat(AwsTopics.shadowRequest("$aws/things/t1/shadow/update/accepted")).isEmpty();
        assertThat(AwsTopics.shadowRequest("$aws/things/t1/shadow/name/bad name/get")).isEmpty();
        assertThat(AwsTopics.shadowRequest("$aws/things/t1/shadow/name/" + "n".repeat(65) + "/get")).isEmpty();
        assertThat(AwsTopics.shadowRequest("$aws/things/t1/jobs/get")).isEmpty();
    }

    @Test
    void replyTopicsFollowTheShadowPrefix() {
        assertThat(new ShadowReply("update/delta", new com.google.gson.JsonObject()).topic(ShadowKey.named("t1", "cfg")))
                .isEqualTo("$aws/things/t1/shadow/name/cfg/update/delta");
        assertThat(ShadowOperation.DELETE.rejected()).isEqualTo("delete/rejected");
    }

    @Test
    void commandResponsesAreRecognisedAndAcknowledgementsAreNot() {
        assertThat(AwsTopics.commandResponse("$aws/commands/things/t1/executions/e-1/response/json"))
                .contains(new AwsTopics.CommandResponse("t1", "e-1"));
        assertThat(AwsTopics.commandResponse("$aws/commands/things/t1/executions/e-1/response/accepted/json")).isEmpty();
        assertThat(AwsTopics.commandResponse("$aws/commands/clients/c1/executions/e-1/response/json")).isEmpty();
    }

    @Test
    void commandTopicsNameThingAndExecution() {
        assertThat(AwsTopics.commandRequest("t1", "e-1")).isEqualTo("$aws/commands/things/t1/executions/e-1/request/json");
        assertThat(AwsTopics.commandRejected("t1", "e-1"))
                .isEqualTo("$aws/commands/things/t1/executions/e-1/response/rejected/json");
    }
}
