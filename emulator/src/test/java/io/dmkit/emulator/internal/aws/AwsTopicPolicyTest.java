package io.dmkit.emulator.internal.aws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AwsTopicPolicyTest {

    @Test
    void thingMayUseItsOwnReservedTopics() {
        assertThat(TopicPolicy.mayPublish("t1", "$aws/things/t1/shadow/update")).isTrue();
        assertThat(TopicPolicy.maySubscribe("t1", "$aws/things/t1/shadow/name/+/update/accepted")).isTrue();
        assertThat(TopicPolicy.maySubscribe("t1", "$aws/commands/things/t1/executions/+/request/json")).isTrue();
        assertThat(TopicPolicy.mayPublish("t1", "$aws/commands/things/t1/executions/e/response/json")).isTrue();
    }

    @Test
    void thingMayNotTouchAnotherThingsTopics() {
        assertThat(TopicPolicy.mayPublish("t1", "$aws/things/t2/shadow/update")).isFalse();
        assertThat(TopicPolicy.maySubscribe("t1", "$aws/commands/things/t2/executions/+/request/json")).isFalse();
    }

    @Test
    void wildcardInTheThingLevelIsRefused() {
        assertThat(TopicPolicy.maySubscribe("t1", "$aws/things/+/shadow/update/delta")).isFalse();
        assertThat(TopicPolicy.maySubscribe("t1", "$aws/things/#")).isFalse();
        assertThat(TopicPolicy.maySubscribe("t1", "$aws/#")).isFalse();
    }

    @Test
    void otherReservedTopicsAreRefused() {
        assertThat(TopicPolicy.mayPublish("t1", "$aws/rules/myRule/t1")).isFalse();
        assertThat(TopicPolicy.maySubscribe("t1", "$aws/events/presence/connected/t1")).isFalse();
        assertThat(TopicPolicy.mayPublish("t1", "$aws")).isFalse();
    }

    @Test
    void ordinaryTopicsAreAllowedUpToSevenSlashes() {
        assertThat(TopicPolicy.mayPublish("t1", "dt/t1/messages")).isTrue();
        assertThat(TopicPolicy.mayPublish("t1", "a/b/c/d/e/f/g/h")).isTrue();
        assertThat(TopicPolicy.mayPublish("t1", "a/b/c/d/e/f/g/h/i")).isFalse();
        assertThat(TopicPolicy.maySubscribe("t1", "#")).isTrue();
        assertThat(TopicPolicy.refusalReason("t1", "a/b/c/d/e/f/g/h/i")).contains("at most 7");
    }
}
