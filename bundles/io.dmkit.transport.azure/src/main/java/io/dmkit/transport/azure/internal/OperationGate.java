package io.dmkit.transport.azure.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Counts what is in flight on the connection (messages waiting for PUBACK, twin requests waiting
 * for their answer, commands waiting for their reply) and holds new work back while the transport
 * swaps its connection to renew the SAS token. Thread-safe.
 *
 * <p>Phases: {@code OPEN} lets everything through. {@code DRAINING} (the renewal is due) holds new
 * messages, which would otherwise keep the count above zero, and lets twin requests, commands and
 * replies through until nothing is in flight; then, atomically, {@code SWAPPING}: the old connection
 * is about to close, so messages and twin requests are held and a command that still arrives is not
 * handed on. {@link #open()} releases what was held, in order, on the new connection.
 */
final class OperationGate {

    enum Phase { OPEN, DRAINING, SWAPPING }

    /** Work that waits for the gate: run it later, or fail it. */
    private record Held(Runnable run, Runnable fail) {
    }

    private Phase phase = Phase.OPEN;
    /** Counts belong to one connection: work of an older one finishing later must not count down. */
    private int generation;
    private int inFlight;
    private final Set<String> commands = new HashSet<>();
    private final ArrayDeque<Held> held = new ArrayDeque<>();
    private CompletableFuture<Void> drained;

    /** A telemetry message: held while draining or swapping. */
    <T> CompletableFuture<T> message(Supplier<CompletableFuture<T>> send, Supplier<Throwable> whenDropped) {
        return submit(true, send, whenDropped);
    }

    /** A twin GET or reported patch: held only while swapping. */
    <T> CompletableFuture<T> twin(Supplier<CompletableFuture<T>> send, Supplier<Throwable> whenDropped) {
        return submit(false, send, whenDropped);
    }

    private <T> CompletableFuture<T> submit(boolean message, Supplier<CompletableFuture<T>> send,
            Supplier<Throwable> whenDropped) {
        CompletableFuture<T> result = new CompletableFuture<>();
        int gen;
        synchronized (this) {
            if (phase == Phase.SWAPPING || message && phase == Phase.DRAINING) {
                held.add(new Held(() -> run(send, result), () -> result.completeExceptionally(whenDropped.get())));
                return result;
            }
            inFlight++;
            gen = generation;
        }
        start(send, result, gen);
        return result;
    }

    /** Runs held work: it passes the gate again (it may be held once more if another swap began). */
    private <T> void run(Supplier<CompletableFuture<T>> send, CompletableFuture<T> result) {
        int gen;
        synchronized (this) {
            inFlight++;
            gen = generation;
        }
        start(send, result, gen);
    }

    private <T> void start(Supplier<CompletableFuture<T>> send, CompletableFuture<T> result, int gen) {
        CompletableFuture<T> sent;
        try {
            sent = send.get();
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        sent.whenComplete((v, e) -> {
            done(gen);
            if (e != null) {
                result.completeExceptionally(e);
            } else {
                result.complete(v);
            }
        });
    }

    /**
     * A command arrived. Returns false while swapping: the connection it came on is closing and its
     * reply could not be sent, so it must not be handed on.
     */
    synchronized boolean commandArrived(String requestId) {
        if (phase == Phase.SWAPPING) {
            return false;
        }
        if (commands.add(requestId)) {
            inFlight++;
        }
        return true;
    }

    /**
     * The reply to a command is about to be sent.
     *
     * @return -1 when the command did not arrive on the current connection (it came before a swap or
     *         a reconnect): the reply must be dropped; otherwise a token for {@link #done(int)}, which
     *         the caller calls once the reply is acknowledged
     */
    synchronized int replyLeaving(String requestId) {
        return phase != Phase.SWAPPING && commands.remove(requestId) ? generation : -1;
    }

    /** One operation counted as in flight on connection {@code gen} has finished. */
    void done(int gen) {
        CompletableFuture<Void> nowDrained = null;
        synchronized (this) {
            if (gen != generation) {
                return;
            }
            inFlight = Math.max(0, inFlight - 1);
            if (phase == Phase.DRAINING && inFlight == 0) {
                phase = Phase.SWAPPING;
                nowDrained = drained;
            }
        }
        if (nowDrained != null) {
            nowDrained.complete(null);
        }
    }

    /**
     * Starts holding messages; the result completes when nothing is in flight any more, at which
     * moment the gate is {@code SWAPPING}.
     */
    CompletableFuture<Void> drain() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        synchronized (this) {
            drained = f;
            if (inFlight == 0) {
                phase = Phase.SWAPPING;
            } else {
                phase = Phase.DRAINING;
                return f;
            }
        }
        f.complete(null);
        return f;
    }

    /**
     * Swaps now, whatever is still in flight (the drain took too long).
     *
     * @return how many operations were still in flight; their answers are lost with the old connection
     */
    synchronized int forceSwap() {
        int left = inFlight;
        phase = Phase.SWAPPING;
        return left;
    }

    synchronized Phase phase() {
        return phase;
    }

    /**
     * The new connection is up: forget the old connection's commands and counts and let everything
     * through again.
     *
     * @return the held work, in order, for the caller to run
     */
    List<Runnable> open() {
        return restart(Held::run);
    }

    /**
     * The connection is gone (lost, disconnected, closed) or a new one starts: back to {@code OPEN}
     * with nothing counted.
     *
     * @return the held work's failures, for the caller to run: each completes its operation with the
     *         exception it was submitted with
     */
    List<Runnable> reset() {
        return restart(Held::fail);
    }

    /** Back to {@code OPEN} for another connection, nothing counted; what to do with each piece of held work. */
    private List<Runnable> restart(Function<Held, Runnable> what) {
        List<Held> was;
        synchronized (this) {
            phase = Phase.OPEN;
            generation++;
            commands.clear();
            inFlight = 0;
            drained = null;
            was = new ArrayList<>(held);
            held.clear();
        }
        List<Runnable> actions = new ArrayList<>(was.size());
        was.forEach(h -> actions.add(what.apply(h)));
        return actions;
    }
}
