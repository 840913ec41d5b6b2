package io.dmkit.core.internal.execution;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10));

    @Test
    void firstRetryIsAlreadyDelayedAndJittered() {
        assertThat(backoff.delayMillis(0, 0.8)).isEqualTo(80);
        assertThat(backoff.delayMillis(0, 1.2)).isEqualTo(120);
        for (int i = 0; i < 100; i++) {
            assertThat(backoff.delayMillis(0)).isBetween(80L, 120L);
        }
    }

    @Test
    void delayDoublesPerFailureUpToTheMaximum() {
        assertThat(backoff.delayMillis(1, 1.0)).isEqualTo(200);
        assertThat(backoff.delayMillis(3, 1.0)).isEqualTo(800);
        assertThat(backoff.delayMillis(7, 1.0)).isEqualTo(10_000);
        assertThat(backoff.delayMillis(7, 1.2)).as("jitter never exceeds the maximum").isEqualTo(10_000);
    }

    @Test
    void manyFailuresNeverOverflow() {
        assertThat(backoff.delayMillis(Integer.MAX_VALUE, 1.0)).isEqualTo(10_000);
        assertThat(backoff.delayMillis(63, 1.0)).isEqualTo(10_000);
    }
}
