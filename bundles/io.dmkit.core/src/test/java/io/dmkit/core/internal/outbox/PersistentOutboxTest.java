package io.dmkit.core.internal.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dmkit.api.DmMessage;
import io.dmkit.api.SessionConfig.Overflow;
import io.dmkit.api.SessionConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PersistentOutboxTest {

    @TempDir
    Path dir;

    private long sequence;

    private Outbox open(int capacity, Overflow overflow) {
        return new Outboxes(Optional.of(dir)).open(SessionConfig.builder("s1").cloudType("thingspro").host("h")
                .queueCapacity(capacity).queueOverflow(overflow).build());
    }

    private PendingMessage accept(Outbox outbox, String payload, List<PendingMessage> dropped) {
        PendingMessage m = new PendingMessage(++sequence, DmMessage.builder(payload).property("k", payload).build());
        assertThat(outbox.store(m)).isNull();
        String refusal = outbox.offer(m, dropped::add);
        return refusal == null ? m : null;
    }

    private static List<String> drainPayloads(Outbox outbox) {
        List<String> payloads = new ArrayList<>();
        for (PendingMessage m; (m = outbox.nextToSend()) != null; ) {
            payloads.add(m.message.payloadAsString());
            assertThat(m.message.properties()).containsEntry("k", m.message.payloadAsString());
        }
        return payloads;
    }

    @Test
    void unacknowledgedMessagesComeBackInOrderAfterReopenAndNewOnesSortAfterThem() {
        Outbox first = open(100, Overflow.REJECT);
        accept(first, "a", new ArrayList<>());
        PendingMessage b = accept(first, "b", new ArrayList<>());
        accept(first, "c", new ArrayList<>());
        first.acknowledged(first.nextToSend());
        assertThat(first.nextToSend()).isNotNull(); // b in flight when the process "ends"
        first.drain();
        first.close();

        Outbox second = open(100, Overflow.REJECT);
        assertThat(second.size()).isEqualTo(2);
        assertThat(second.lastSequence()).isEqualTo(3);
        assertThat(second.oldest().accepted).isEqualTo(b.accepted.truncatedTo(ChronoUnit.MILLIS));
        assertThat(drainPayloads(second)).containsExactly("b", "c");
        second.close();
    }

    @Test
    void acknowledgedMessagesLeaveTheQueueAtOnceAndTheFileTogetherAtTheNextFlush() {
        MessageStore store = MessageStore.open(dir.resolve("batch.db"), false);
        Outbox outbox = new PersistentOutbox("batch", new InMemoryOutbox(100, 1 << 20, Overflow.REJECT), store);
        for (String payload : List.of("a", "b", "c")) {
            accept(outbox, payload, new ArrayList<>());
        }
        outbox.acknowledged(outbox.nextToSend());
        outbox.acknowledged(outbox.nextToSend());

        assertThat(outbox.size()).as("the window refills without waiting for the disk").isEqualTo(1);
        assertThat(store.count()).as("still on disk: a crash now sends a and b again").isEqualTo(3);
        outbox.flush();
        assertThat(store.count()).isEqualTo(1);

        outbox.acknowledged(outbox.nextToSend());
        outbox.close(); // flushes what is left
        MessageStore reopened = MessageStore.open(dir.resolve("batch.db"), false);
        assertThat(reopened.count()).isZero();
        reopened.close();
    }

    @Test
    void refusedMessageIsNotLeftOnDisk() {
        Outbox outbox = open(1, Overflow.REJECT);
        accept(outbox, "kept", new ArrayList<>());
        assertThat(accept(outbox, "refused", new ArrayList<>())).isNull();
        outbox.drain();
        outbox.close();

        Outbox reopened = open(1, Overflow.REJECT);
        assertThat(drainPayloads(reopened)).containsExactly("kept");
        reopened.close();
    }

    @Test
    void dropOldestHandsOverTheDroppedMessageAndForgetsItOnDisk() {
        Outbox outbox = open(2, Overflow.DROP_OLDEST);
        List<PendingMessage> dropped = new ArrayList<>();
        accept(outbox, "1", dropped);
        accept(outbox, "2", dropped);
        assertThat(accept(outbox, "3", dropped)).isNotNull();
        assertThat(dropped).extracting(m -> m.message.payloadAsString()).containsExactly("1");
        outbox.drain();
        outbox.close();

        Outbox reopened = open(2, Overflow.DROP_OLDEST);
        assertThat(drainPayloads(reopened)).containsExactly("2", "3");
        reopened.close();
    }

    @Test
    void messagesFromAnEarlierRunAreKeptEvenWhenTheQueueIsNowSmaller() {
        Outbox big = open(10, Overflow.REJECT);
        for (int i = 0; i < 5; i++) {
            accept(big, "m" + i, new ArrayList<>());
        }
        big.drain();
        big.close();

        Outbox small = open(2, Overflow.REJECT);
        assertThat(small.size()).isEqualTo(5);
        assertThat(accept(small, "new", new ArrayList<>())).isNull();
        assertThat(drainPayloads(small)).containsExactly("m0", "m1", "m2", "m3", "m4");
        small.close();
    }

    @Test
    void damagedFileIsMovedAsideAndAnEmptyOutboxStarted() throws Exception {
        Files.write(dir.resolve("s1.db"), "this is not a database, but it is long enough to look like one"
                .repeat(20).getBytes(StandardCharsets.UTF_8));
        Outbox outbox = open(10, Overflow.REJECT);
        assertThat(outbox.size()).isZero();
        accept(outbox, "after", new ArrayList<>());
        outbox.close();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("s1.db.corrupt-"));
        }
    }

    @Test
    void secondOwnerOfTheSameFileGetsAClearError() {
        Outbox owner = open(10, Overflow.REJECT);
        accept(owner, "x", new ArrayList<>());
        assertThatThrownBy(() -> open(10, Overflow.REJECT)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("s1.db").hasMessageContaining("in use");
        owner.close();
    }

    @Test
    void discardDeletesTheOutboxOfADeletedSession() {
        Outbox outbox = open(10, Overflow.REJECT);
        accept(outbox, "x", new ArrayList<>());
        outbox.drain();
        outbox.close();
        assertThat(new Outboxes(Optional.of(dir)).discard("s1")).isEqualTo(1);
        assertThat(new Outboxes(Optional.of(dir)).discard("s1")).isZero();
        Outbox fresh = open(10, Overflow.REJECT);
        assertThat(fresh.size()).isZero();
        fresh.close();
    }

    @Test
    void memoryOutboxIsUsedWhenAskedForOrWithoutADirectory() {
        SessionConfig memory = SessionConfig.builder("m").cloudType("thingspro").host("h")
                .outbox(SessionConfig.Outbox.MEMORY).build();
        assertThat(new Outboxes(Optional.of(dir)).open(memory).persistent()).isFalse();
        SessionConfig persistent = SessionConfig.builder("p").cloudType("thingspro").host("h").build();
        assertThat(new Outboxes(Optional.empty()).open(persistent).persistent()).isFalse();
        assertThat(dir.resolve("m.db")).doesNotExist();
    }
}
