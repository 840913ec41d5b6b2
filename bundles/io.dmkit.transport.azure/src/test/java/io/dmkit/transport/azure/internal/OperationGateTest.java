package io.dmkit.transport.azure.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class OperationGateTest {

    private final OperationGate gate = new OperationGate();
    private final List<String> sent = new ArrayList<>();

    private CompletableFuture<String> send(String name, CompletableFuture<String> ack) {
        sent.add(name);
        return ack;
    }

    private static Throwable dropped() {
        return new IllegalStateException("dropped");
    }

    @Test
    void openLetsEverythingThrough() {
        CompletableFuture<String> result = gate.message(() -> send("m1", CompletableFuture.completedFuture("ok")),
                OperationGateTest::dropped);
        assertThat(sent).containsExactly("m1");
        assertThat(result).isCompletedWithValue("ok");
    }

    @Test
    void drainingHoldsMessagesAndSwapsOnceTheLastOperationInFlightFinishes() {
        CompletableFuture<String> twinAck = new CompletableFuture<>();
        gate.twin(() -> send("get", twinAck), OperationGateTest::dropped);
        assertThat(gate.commandArrived("rid-1")).isTrue();
        CompletableFuture<Void> drained = gate.drain();
        assertThat(gate.phase()).isEqualTo(OperationGate.Phase.DRAINING);

        CompletableFuture<String> held = gate.message(() -> send("m1", CompletableFuture.completedFuture("ok")),
                OperationGateTest::dropped);
        gate.twin(() -> send("reported", CompletableFuture.completedFuture("ok")), OperationGateTest::dropped);
        assertThat(sent).as("twin requests pass while draining, messages wait").containsExactly("get", "reported");
        assertThat(held).isNotDone();

        twinAck.complete("twin");
        assertThat(drained).isNotDone();
        int reply = gate.replyLeaving("rid-1");
        assertThat(reply).isNotNegative();
        gate.done(reply);
        assertThat(drained).isDone();
        assertThat(gate.phase()).isEqualTo(OperationGate.Phase.SWAPPING);

        assertThat(gate.commandArrived("rid-2")).as("a command on the closing connection").isFalse();
        gate.open().forEach(Runnable::run);
        assertThat(sent).containsExactly("get", "reported", "m1");
        assertThat(held).isCompletedWithValue("ok");
    }

    @Test
    void swappingHoldsTwinRequestsTooAndKeepsTheirOrder() {
        gate.drain();
        assertThat(gate.phase()).as("nothing in flight").isEqualTo(OperationGate.Phase.SWAPPING);
        gate.message(() -> send("m1", new CompletableFuture<>()), OperationGateTest::dropped);
        gate.twin(() -> send("get", new CompletableFuture<>()), OperationGateTest::dropped);
        gate.message(() -> send("m2", new CompletableFuture<>()), OperationGateTest::dropped);
        assertThat(sent).isEmpty();
        gate.open().forEach(Runnable::run);
        assertThat(sent).containsExactly("m1", "get", "m2");
    }

    @Test
    void repliesToCommandsOfAnEarlierConnectionAreDropped() {
        gate.commandArrived("old");
        gate.drain();
        assertThat(gate.forceSwap()).isEqualTo(1);
        assertThat(gate.replyLeaving("old")).as("while swapping").isNegative();
        gate.open();
        assertThat(gate.replyLeaving("old")).as("on the new connection").isNegative();
        assertThat(gate.commandArrived("new")).isTrue();
        assertThat(gate.replyLeaving("new")).isNotNegative();
        assertThat(gate.replyLeaving("new")).as("one reply per request").isNegative();
    }

    @Test
    void lateCompletionsOfAnOldConnectionDoNotCountDownTheNewOne() {
        CompletableFuture<String> oldAck = new CompletableFuture<>();
        gate.message(() -> send("old", oldAck), OperationGateTest::dropped);
        gate.drain();
        gate.forceSwap();
        gate.open();
        gate.message(() -> send("new", new CompletableFuture<>()), OperationGateTest::dropped);
        CompletableFuture<Void> drained = gate.drain();
        oldAck.complete("late");
        assertThat(drained).as("the new message is still in flight").isNotDone();
    }

    @Test
    void resetFailsHeldWork() {
        gate.drain();
        CompletableFuture<String> held = gate.message(() -> send("m", new CompletableFuture<>()),
                OperationGateTest::dropped);
        gate.reset().forEach(Runnable::run);
        assertThat(held).isCompletedExceptionally();
        assertThat(sent).isEmpty();
        assertThat(gate.phase()).isEqualTo(OperationGate.Phase.OPEN);
    }
}
