package io.dmkit.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;

class ThreadCheckTest {

    @Test
    void reportsANewThreadByNameUntilItEnds() throws Exception {
        Set<Thread> baseline = ThreadCheck.snapshot();
        CountDownLatch release = new CountDownLatch(1);
        Thread worker = new Thread(() -> awaitQuietly(release), "leaky-worker");
        worker.start();
        try {
            assertThat(ThreadCheck.snapshot()).contains(worker);
            assertThatThrownBy(() -> ThreadCheck.awaitNoNewThreads(baseline, Duration.ofMillis(50)))
                    .isInstanceOf(AssertionError.class).hasMessageContaining("\"leaky-worker\"");
            assertThatThrownBy(() -> ThreadCheck.awaitNoThreadNamed(n -> n.startsWith("leaky"), Duration.ofMillis(50)))
                    .isInstanceOf(AssertionError.class).hasMessageContaining("\"leaky-worker\"");
        } finally {
            release.countDown();
        }
        ThreadCheck.awaitNoNewThreads(baseline, Duration.ofSeconds(5));
        ThreadCheck.awaitNoThreadNamed(n -> n.startsWith("leaky"), Duration.ofSeconds(5));
        assertThat(worker.isAlive()).isFalse();
    }

    @Test
    void threadCountFailureListsTheLiveThreads() {
        int alive = ThreadCheck.snapshot().size();
        assertThatThrownBy(() -> ThreadCheck.awaitThreadCountAtMost(0, Duration.ofMillis(20)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("at most 0 live threads")
                .hasMessageContaining("\"" + Thread.currentThread().getName() + "\"");
        ThreadCheck.awaitThreadCountAtMost(alive + 50, Duration.ofSeconds(1));
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
