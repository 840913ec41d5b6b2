package io.dmkit.transport.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmkit.testing.Await;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class CurrentClientTest {

    private final List<String> released = new CopyOnWriteArrayList<>();
    private final List<Thread> releasers = new CopyOnWriteArrayList<>();
    private final CurrentClient<String> current = new CurrentClient<>("test", c -> {
        released.add(c);
        releasers.add(Thread.currentThread());
    });

    @Test
    void replacingReleasesTheOldClientOnAThreadOfItsOwn() {
        current.replace("a");
        current.replace("b");

        Await.until("a released", Duration.ofSeconds(5), () -> released.contains("a"));
        assertThat(releasers).doesNotContain(Thread.currentThread());
        assertThat(current.isCurrent("b")).isTrue();
        assertThat(current.isCurrent("a")).isFalse();
    }

    @Test
    void onlyTheCurrentClientCanBeMarkedConnectedAndOnlyAConnectedOneCanBeLost() {
        current.replace("a");
        assertThat(current.lose("a")).as("never connected: an attempt, not a loss").isFalse();
        assertThat(current.markConnected("a")).isTrue();
        assertThat(current.connected()).isEqualTo("a");

        current.replace("b");
        assertThat(current.markConnected("a")).as("superseded").isFalse();
        assertThat(current.lose("a")).as("late callback of a replaced client").isFalse();
        assertThat(current.connected()).isNull();

        assertThat(current.markConnected("b")).isTrue();
        assertThat(current.lose("b")).isTrue();
        assertThat(current.lose("b")).as("lost once").isFalse();
    }

    @Test
    void takingLeavesNoClientAndAbandoningForgetsOnlyTheCurrentOne() {
        current.replace("a");
        current.abandon("old");
        assertThat(current.isCurrent("a")).isTrue();
        current.abandon("a");
        assertThat(current.isCurrent("a")).isFalse();
        Await.until("both released", Duration.ofSeconds(5), () -> released.containsAll(List.of("old", "a")));

        current.replace("b");
        assertThat(current.take()).isEqualTo("b");
        assertThat(current.take()).isNull();
    }
}
