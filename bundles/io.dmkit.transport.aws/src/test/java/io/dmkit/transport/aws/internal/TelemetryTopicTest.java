package io.dmkit.transport.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TelemetryTopicTest {

    @Test
    void thingNameReplacesThePlaceholderEverywhere() {
        assertThat(TelemetryTopic.resolve(TelemetryTopic.DEFAULT_TEMPLATE, "gw-1")).isEqualTo("dt/gw-1/messages");
        assertThat(TelemetryTopic.resolve("{id}/a/{id}", "t")).isEqualTo("t/a/t");
        assertThat(TelemetryTopic.resolve(" fixed/topic ", "t")).isEqualTo("fixed/topic");
    }

    @Test
    void reservedWildcardEmptyTooDeepAndTooLongTopicsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> TelemetryTopic.resolve("$aws/things/{id}/x", "t")).hasMessageContaining("reserved");
        assertThatThrownBy(() -> TelemetryTopic.resolve("$SYS/x", "t")).hasMessageContaining("reserved");
        assertThatThrownBy(() -> TelemetryTopic.resolve("dt/+/x", "t")).hasMessageContaining("wildcard");
        assertThatThrownBy(() -> TelemetryTopic.resolve("dt/#", "t")).hasMessageContaining("wildcard");
        assertThatThrownBy(() -> TelemetryTopic.resolve(" ", "t")).hasMessageContaining("empty");
        assertThatThrownBy(() -> TelemetryTopic.resolve("a/b/c/d/e/f/g/h/i", "t")).hasMessageContaining("8 '/'");
        assertThat(TelemetryTopic.resolve("a/b/c/d/e/f/g/h", "t")).as("seven slashes are allowed").isNotNull();
        assertThatThrownBy(() -> TelemetryTopic.resolve("x".repeat(257), "t")).hasMessageContaining("257 bytes");
    }
}
