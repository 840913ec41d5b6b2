package io.dmkit.transport.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private final FakeClock clock = new FakeClock();
    private final RateLimiter limiter = new RateLimiter(100, Duration.ofSeconds(1), clock);

    @Test
    void aHundredPermitsAtOnceThenTheNextWaitsUntilTheFirstIsAWindowOld() {
        for (int i = 0; i < 100; i++) {
            assertThat(limiter.tryAcquire()).as("permit %d", i).isZero();
        }
        assertThat(limiter.tryAcquire()).isEqualTo(Duration.ofSeconds(1).toNanos());

        clock.advance(Duration.ofMillis(999));
        assertThat(limiter.tryAcquire()).isEqualTo(Duration.ofMillis(1).toNanos());
        clock.advance(Duration.ofMillis(1));
        for (int i = 0; i < 100; i++) {
            assertThat(limiter.tryAcquire()).as("permit %d of the second window", i).isZero();
        }
        assertThat(limiter.tryAcquire()).isEqualTo(Duration.ofSeconds(1).toNanos());
    }

    @Test
    void aRefusedAttemptTakesNothing() {
        for (int i = 0; i < 100; i++) {
            limiter.tryAcquire();
        }
        for (int i = 0; i < 50; i++) {
            assertThat(limiter.tryAcquire()).isPositive();
        }
        clock.advance(Duration.ofSeconds(1));
        for (int i = 0; i < 100; i++) {
            assertThat(limiter.tryAcquire()).as("permit %d of the next window", i).isZero();
        }
    }

    @Test
    void permitsSpreadOverTimeFreeUpOneByOne() {
        for (int i = 0; i < 100; i++) {
            assertThat(limiter.tryAcquire()).isZero();
            clock.advance(Duration.ofMillis(10));
        }
        // now t = 1000 ms after the first; the first permit is exactly a window old
        assertThat(limiter.tryAcquire()).isZero();
        assertThat(limiter.tryAcquire()).isEqualTo(Duration.ofMillis(10).toNanos());
    }

    @Test
    void neverMoreThanTheLimitInAnyWindowWhateverTheTiming() {
        Random random = new Random(42);
        Deque<Long> granted = new ArrayDeque<>();
        long window = Duration.ofSeconds(1).toNanos();
        for (int i = 0; i < 20_000; i++) {
            clock.advanceNanos((long) (random.nextDouble() * random.nextDouble() * 30_000_000L));
            long wait = limiter.tryAcquire();
            if (wait == 0) {
                long now = clock.getAsLong();
                granted.addLast(now);
                while (granted.peekFirst() <= now - window) {
                    granted.removeFirst();
                }
                assertThat(granted).as("grants in the window ending at %d", now).hasSizeLessThanOrEqualTo(100);
            } else {
                assertThat(wait).isBetween(1L, window);
            }
        }
    }

    @Test
    void limitAndWindowMustBePositive() {
        assertThatThrownBy(() -> new RateLimiter(0, Duration.ofSeconds(1), clock))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RateLimiter(1, Duration.ZERO, clock)).isInstanceOf(IllegalArgumentException.class);
    }
}
