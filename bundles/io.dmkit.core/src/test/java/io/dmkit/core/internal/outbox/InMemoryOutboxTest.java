package io.dmkit.core.internal.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmkit.api.DmMessage;
import io.dmkit.api.SessionConfig.Overflow;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class InMemoryOutboxTest {

    private static final Consumer<PendingMessage> NO_DROPS = m -> {
        throw new AssertionError("dropped " + m.sequence);
    };

    private long sequence;

    private PendingMessage message(String payload) {
        return new PendingMessage(++sequence, DmMessage.of(payload));
    }

    private static List<String> sendAll(Outbox outbox) {
        List<String> out = new ArrayList<>();
        PendingMessage m;
        while ((m = outbox.nextToSend()) != null) {
            out.add(m.message.payloadAsString());
        }
        return out;
    }

    @Test
    void messagesLeaveInAcceptanceOrder() {
        InMemoryOutbox outbox = new InMemoryOutbox(10, 1000, Overflow.REJECT);
        for (String p : List.of("a", "b", "c")) {
            assertThat(outbox.offer(message(p), NO_DROPS)).isNull();
        }
        assertThat(sendAll(outbox)).containsExactly("a", "b", "c");
        assertThat(outbox.inFlight()).isEqualTo(3);
    }

    @Test
    void countAndByteLimitsRefuseWithAReason() {
        InMemoryOutbox byCount = new InMemoryOutbox(1, 1000, Overflow.REJECT);
        assertThat(byCount.offer(message("a"), NO_DROPS)).isNull();
        assertThat(byCount.offer(message("b"), NO_DROPS)).contains("1 messages waiting");
        InMemoryOutbox byBytes = new InMemoryOutbox(10, 5, Overflow.REJECT);
        assertThat(byBytes.offer(message("1234"), NO_DROPS)).isNull();
        assertThat(byBytes.offer(message("12"), NO_DROPS)).contains("bytes used");
    }

    @Test
    void acknowledgedMessagesFreeTheirSpace() {
        InMemoryOutbox outbox = new InMemoryOutbox(1, 1000, Overflow.REJECT);
        outbox.offer(message("a"), NO_DROPS);
        outbox.acknowledged(outbox.nextToSend());
        assertThat(outbox.size()).isZero();
        assertThat(outbox.offer(message("b"), NO_DROPS)).isNull();
    }

    @Test
    void returnedInFlightMessagesGoFirstInTheirOriginalOrder() {
        InMemoryOutbox outbox = new InMemoryOutbox(10, 1000, Overflow.REJECT);
        List.of("a", "b", "c", "d").forEach(p -> outbox.offer(message(p), NO_DROPS));
        PendingMessage a = outbox.nextToSend();
        PendingMessage b = outbox.nextToSend();
        outbox.nextToSend(); // c
        outbox.acknowledged(b);
        outbox.returnInFlight();
        assertThat(sendAll(outbox)).containsExactly("a", "c", "d");
        assertThat(a.message.payloadAsString()).isEqualTo("a");
    }

    @Test
    void oneReturnedMessageKeepsItsPlace() {
        InMemoryOutbox outbox = new InMemoryOutbox(10, 1000, Overflow.REJECT);
        List.of("a", "b", "c").forEach(p -> outbox.offer(message(p), NO_DROPS));
        PendingMessage a = outbox.nextToSend();
        PendingMessage b = outbox.nextToSend();
        outbox.returnToQueue(b);
        outbox.returnToQueue(a);
        assertThat(sendAll(outbox)).containsExactly("a", "b", "c");
    }

    @Test
    void drainEmptiesEverything() {
        InMemoryOutbox outbox = new InMemoryOutbox(10, 1000, Overflow.REJECT);
        outbox.offer(message("a"), NO_DROPS);
        outbox.offer(message("b"), NO_DROPS);
        outbox.nextToSend();
        assertThat(outbox.drain()).hasSize(2);
        assertThat(outbox.size()).isZero();
        assertThat(outbox.offer(message("c"), NO_DROPS)).isNull();
    }
}
