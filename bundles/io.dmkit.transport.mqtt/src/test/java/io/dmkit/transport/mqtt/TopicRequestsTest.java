package io.dmkit.transport.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.dmkit.api.spi.TransportException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TopicRequestsTest {

    /** A real scheduler whose delayed tasks are due at once: a request's timeout fires as soon as it is set. */
    private static final class ImpatientScheduler extends ScheduledThreadPoolExecutor {
        ImpatientScheduler() {
            super(1);
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            return super.schedule(command, 0, unit);
        }
    }

    private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
    private final TopicRequests<String> requests = new TopicRequests<>(Duration.ofSeconds(30), scheduler);
    private final AtomicReference<String> sentId = new AtomicReference<>();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    private CompletableFuture<String> sendPublished() {
        return requests.send(id -> {
            sentId.set(id);
            return CompletableFuture.completedFuture(null);
        });
    }

    @Test
    void aResponseCompletesItsRequestOnceByItsFreshId() throws Exception {
        CompletableFuture<String> first = sendPublished();
        String firstId = sentId.get();
        CompletableFuture<String> second = sendPublished();

        assertThat(sentId.get()).matches("[0-9a-f]{32}").isNotEqualTo(firstId);
        assertThat(requests.complete(firstId, "answer")).isTrue();
        assertThat(first.get()).isEqualTo("answer");
        assertThat(requests.complete(firstId, "again")).as("a duplicate is unknown").isFalse();
        assertThat(second).isNotDone();
    }

    @Test
    void aFailedPublishFailsItsRequestWithThePublishsOwnError() {
        TransportException refused = TransportException.status(403, "refused");
        CompletableFuture<String> response = requests.send(id -> CompletableFuture.supplyAsync(() -> {
            throw new CompletionException(refused);
        }));

        assertThat(catchThrowable(response::get)).isInstanceOf(ExecutionException.class).cause().isSameAs(refused);
    }

    @Test
    void aRequestThatCannotBeMadeLeavesNothingWaiting() {
        assertThatThrownBy(() -> requests.send(id -> {
            sentId.set(id);
            throw new IllegalArgumentException("not JSON");
        })).isInstanceOf(IllegalArgumentException.class);

        assertThat(requests.complete(sentId.get(), "late")).isFalse();
    }

    @Test
    void noResponseInTimeIs408() {
        ImpatientScheduler impatient = new ImpatientScheduler();
        try {
            CompletableFuture<String> response = new TopicRequests<String>(Duration.ofSeconds(30), impatient)
                    .send(id -> new CompletableFuture<>());

            Throwable timedOut = catchThrowable(() -> response.get(10, TimeUnit.SECONDS));
            assertThat(timedOut.getCause()).isInstanceOfSatisfying(TransportException.class,
                    e -> assertThat(e.status()).isEqualTo(408));
        } finally {
            impatient.shutdownNow();
        }
    }

    @Test
    void theEndOfTheConnectionFailsEveryWaitingRequestWith503() {
        CompletableFuture<String> a = sendPublished();
        CompletableFuture<String> b = sendPublished();

        requests.failAll("connection lost");

        for (CompletableFuture<String> r : java.util.List.of(a, b)) {
            assertThat(catchThrowable(r::get).getCause()).isInstanceOfSatisfying(TransportException.class,
                    e -> assertThat(e.status()).isEqualTo(503));
        }
    }
}
