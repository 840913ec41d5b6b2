package io.dmkit.emulator.internal.aws;

import static io.dmkit.emulator.internal.aws.AwsShadowStoreTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AwsShadowDeltaTest {

    @Test
    void desiredMembersThatAreNotReportedAreInTheDelta() {
        assertThat(ShadowDelta.between(json("{\"a\":1,\"b\":{\"c\":2}}"), json("{}")))
                .isEqualTo(json("{\"a\":1,\"b\":{\"c\":2}}"));
    }

    @Test
    void reportedOnlyMembersNeverAppear() {
        assertThat(ShadowDelta.between(json("{\"a\":1}"), json("{\"a\":1,\"z\":9}"))).isEqualTo(json("{}"));
    }

    @Test
    void numbersAreComparedByValue() {
        assertThat(ShadowDelta.between(json("{\"a\":1,\"b\":2.50}"), json("{\"a\":1.0,\"b\":2.5}"))).isEqualTo(json("{}"));
    }

    @Test
    void arraysAreComparedWhole() {
        assertThat(ShadowDelta.between(json("{\"a\":[1,2,3]}"), json("{\"a\":[1,2]}")))
                .isEqualTo(json("{\"a\":[1,2,3]}"));
    }

    @Test
    void aValueOfAnotherTypeIsADifference() {
        assertThat(ShadowDelta.between(json("{\"a\":{\"b\":1}}"), json("{\"a\":\"x\"}")))
                .isEqualTo(json("{\"a\":{\"b\":1}}"));
    }
}
