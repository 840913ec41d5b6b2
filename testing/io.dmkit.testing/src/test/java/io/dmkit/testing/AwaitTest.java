package io.dmkit.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class AwaitTest {

    @Test
    void untilReturnsOnceTheConditionHolds() {
        AtomicInteger polls = new AtomicInteger();
        Await.until("third poll", Duration.ofSeconds(5), () -> polls.incrementAndGet() >= 3);
        assertThat(polls).hasValue(3);
    }

    @Test
    void untilFailsWithTheDescriptionAndTimeout() {
        assertThatThrownBy(() -> Await.until("the impossible", Duration.ofMillis(50), () -> false))
                .isInstanceOf(AssertionError.class)
                .hasMessage("timed out after 50 ms waiting for: the impossible");
    }

    @Test
    void valueReturnsTheFirstNonNullValue() {
        AtomicInteger polls = new AtomicInteger();
        String value = Await.value("a value", Duration.ofSeconds(5), () -> polls.incrementAndGet() < 2 ? null : "v");
        assertThat(value).isEqualTo("v");
    }

    @Test
    void valueFailsIfTheSupplierStaysNull() {
        assertThatThrownBy(() -> Await.value("nothing", Duration.ofMillis(1500), () -> null))
                .isInstanceOf(AssertionError.class)
                .hasMessage("timed out after 1.5 s waiting for: nothing");
    }

    @Test
    void supplierExceptionEndsTheWaitAtOnce() {
        assertThatThrownBy(() -> Await.value("boom", Duration.ofMinutes(1), () -> {
            throw new IllegalStateException("boom");
        })).isInstanceOf(IllegalStateException.class);
    }
}
