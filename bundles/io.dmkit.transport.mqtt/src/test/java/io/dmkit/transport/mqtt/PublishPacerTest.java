package io.dmkit.transport.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmkit.api.spi.TransportException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class PublishPacerTest {

    /** A timer the test fires by hand, after moving the fake clock by the delay asked for. */
    private static final class ManualTimer implements PublishPacer.Timer {
        final FakeClock clock;
        final List<Runnable> tasks = new ArrayList<>();
        final List<Long> delays = new ArrayList<>();

        ManualTimer(FakeClock clock) {
            this.clock = clock;
        }

        @Override
        public void schedule(Runnable task, long delayNanos) {
            tasks.add(task);
            delays.add(delayNanos);
        }

        /** Moves time to the scheduled moment and runs the task; returns false when nothing was scheduled. */
        boolean fireNext() {
            if (tasks.isEmpty()) {
                return false;
            }
            clock.advanceNanos(delays.remove(0));
            tasks.remove(0).run();
            return true;
        }
    }

    private final FakeClock clock = new FakeClock();
    private final ManualTimer timer = new ManualTimer(clock);
    private final PublishPacer pacer = new PublishPacer(new RateLimiter(100, Duration.ofSeconds(1), clock), timer);
    private final List<String> sent = new CopyOnWriteArrayList<>();

    private CompletableFuture<String> submit(PublishPacer.Lane lane, String name) {
        return pacer.submit(lane, () -> {
            sent.add(name);
            return CompletableFuture.completedFuture(name);
        });
    }

    @Test
    void publishesBeyondTheLimitWaitForTheNextWindowAndKeepTheirOrder() {
        List<CompletableFuture<String>> results = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            results.add(submit(PublishPacer.Lane.TELEMETRY, "m" + i));
        }
        assertThat(sent).hasSize(100);
        assertThat(pacer.waiting()).isEqualTo(150);
        assertThat(timer.delays).containsExactly(Duration.ofSeconds(1).toNanos());

        assertThat(timer.fireNext()).isTrue();
        assertThat(sent).hasSize(200);
        assertThat(timer.fireNext()).isTrue();
        assertThat(sent).hasSize(250);
        assertThat(timer.fireNext()).as("nothing left to schedule").isFalse();

        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            expected.add("m" + i);
        }
        assertThat(sent).containsExactlyElementsOf(expected);
        assertThat(results).allMatch(CompletableFuture::isDone);
    }

    @Test
    void controlTrafficGoesAheadOfQueuedTelemetry() {
        for (int i = 0; i < 120; i++) {
            submit(PublishPacer.Lane.TELEMETRY, "m" + i);
        }
        submit(PublishPacer.Lane.CONTROL, "reply");
        timer.fireNext();

        assertThat(sent.get(100)).isEqualTo("reply");
        assertThat(sent.subList(101, sent.size())).startsWith("m100", "m101");
    }

    @Test
    void failAllFailsWhatWaitsAndNothingOfItIsPublishedLater() {
        for (int i = 0; i < 101; i++) {
            submit(PublishPacer.Lane.TELEMETRY, "m" + i);
        }
        CompletableFuture<String> waiting = submit(PublishPacer.Lane.CONTROL, "reply");

        pacer.failAll(() -> TransportException.notConnected("connection lost"));
        timer.fireNext();

        assertThat(waiting).isCompletedExceptionally();
        assertThat(sent).hasSize(100).doesNotContain("m100", "reply");
        assertThat(pacer.waiting()).isZero();
    }

    @Test
    void aPublishSubmittedWhileAnotherRunsIsQueuedBehindItNotRunInsideIt() {
        pacer.submit(PublishPacer.Lane.TELEMETRY, () -> {
            sent.add("first");
            submit(PublishPacer.Lane.TELEMETRY, "submitted-meanwhile");
            sent.add("first-done");
            return CompletableFuture.completedFuture("first");
        });
        submit(PublishPacer.Lane.TELEMETRY, "second");

        assertThat(sent).containsExactly("first", "first-done", "submitted-meanwhile", "second");
    }

    @Test
    void theOutcomeOfThePublishIsTheOutcomeOfTheSubmission() {
        CompletableFuture<String> refused = pacer.submit(PublishPacer.Lane.CONTROL,
                () -> CompletableFuture.failedFuture(TransportException.notConnected("down")));
        CompletableFuture<String> thrown = pacer.submit(PublishPacer.Lane.CONTROL, () -> {
            throw new IllegalStateException("broken");
        });

        assertThat(refused).isCompletedExceptionally();
        assertThat(thrown).isCompletedExceptionally();
        assertThat(submit(PublishPacer.Lane.CONTROL, "after")).isCompletedWithValue("after");
    }

    @Test
    void noMoreAwaitAcknowledgementThanTheServerAcceptsAndControlGetsTheNextFreeSlot() {
        pacer.maxInFlight(2);
        List<CompletableFuture<String>> acks = new ArrayList<>();
        for (String name : List.of("m0", "m1", "m2")) {
            pacer.submit(PublishPacer.Lane.TELEMETRY, () -> {
                sent.add(name);
                CompletableFuture<String> ack = new CompletableFuture<>();
                acks.add(ack);
                return ack;
            });
        }
        CompletableFuture<String> reply = submit(PublishPacer.Lane.CONTROL, "reply");
        assertThat(sent).containsExactly("m0", "m1");
        assertThat(pacer.inFlight()).isEqualTo(2);

        acks.get(0).complete("m0");
        assertThat(sent).containsExactly("m0", "m1", "reply", "m2");
        assertThat(reply).isCompletedWithValue("reply");
        assertThat(pacer.inFlight()).isEqualTo(2);
        assertThat(timer.tasks).as("waiting for a slot needs no timer").isEmpty();
    }

    @Test
    void aNewConnectionStartsWithEverySlotFreeAndOldAcknowledgementsDoNotCount() {
        pacer.maxInFlight(1);
        CompletableFuture<String> neverAcknowledged = new CompletableFuture<>();
        pacer.submit(PublishPacer.Lane.TELEMETRY, () -> neverAcknowledged);
        CompletableFuture<String> queued = submit(PublishPacer.Lane.TELEMETRY, "queued");
        assertThat(pacer.inFlight()).isEqualTo(1);

        pacer.failAll(() -> TransportException.notConnected("connection lost"));
        assertThat(queued).isCompletedExceptionally();
        CompletableFuture<String> onTheNewConnection = new CompletableFuture<>();
        pacer.submit(PublishPacer.Lane.TELEMETRY, () -> onTheNewConnection);
        assertThat(pacer.inFlight()).isEqualTo(1);

        neverAcknowledged.complete("late");
        assertThat(pacer.inFlight()).as("the old connection's late acknowledgement frees nothing").isEqualTo(1);
        onTheNewConnection.complete("ok");
        assertThat(pacer.inFlight()).isZero();
    }
}
