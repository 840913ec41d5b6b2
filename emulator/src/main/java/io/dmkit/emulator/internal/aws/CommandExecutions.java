package io.dmkit.emulator.internal.aws;

import io.dmkit.emulator.CommandResult;
import io.dmkit.emulator.internal.cloud.PendingCommands;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;

/**
 * AWS command executions: the waiting ones (kept by the emulator's {@link PendingCommands}, which
 * completes each once, with 504 at its deadline) and the ids of recent ones, so that a device answering
 * a finished execution is told {@code TerminalStateReached} rather than {@code ResourceNotFound}, as
 * AWS tells it. Thread-safe.
 */
final class CommandExecutions {

    /** How many execution ids are remembered for {@code TerminalStateReached}. */
    static final int REMEMBERED = 1000;

    private final PendingCommands pending;
    /** Execution id → thing, oldest first, at most {@link #REMEMBERED}. */
    private final Map<String, String> started = new LinkedHashMap<>() {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > REMEMBERED;
        }
    };

    /** An execution started: its id (the topic's {@code executionId}) and its outcome. */
    record Execution(String id, CompletableFuture<CommandResult> result) {
    }

    /** @param timer runs the deadlines (the emulator's cloud thread) */
    CommandExecutions(ScheduledExecutorService timer) {
        this.pending = new PendingCommands(timer);
    }

    /** Starts an execution for {@code thing} that completes with 504 after {@code timeout} without an answer. */
    Execution start(String thing, Duration timeout) {
        String id = UUID.randomUUID().toString();
        synchronized (started) {
            started.put(id, thing);
        }
        return new Execution(id, pending.start(id, thing, timeout));
    }

    /**
     * Records {@code thing}'s response to execution {@code id}: a terminal status completes it, an
     * IN_PROGRESS leaves it waiting.
     *
     * @throws CommandRejection ResourceNotFound for an execution the thing does not have,
     *         TerminalStateReached for one of its executions that already finished
     */
    void respond(String thing, String id, CommandResponse response) throws CommandRejection {
        Optional<String> waitingFor = pending.deviceOf(id);
        if (waitingFor.isEmpty() && thing.equals(startedFor(id))) {
            throw finished(id);
        }
        if (waitingFor.isEmpty() || !waitingFor.get().equals(thing)) {
            throw new CommandRejection(CommandRejection.RESOURCE_NOT_FOUND,
                    "thing '" + thing + "' has no command execution " + id);
        }
        if (response.status().isTerminal() && !pending.complete(id, response.toResult())) {
            throw finished(id); // its deadline passed a moment ago
        }
    }

    /** Completes execution {@code id} with {@code result} if it is still waiting. */
    void fail(String id, CommandResult result) {
        pending.complete(id, result);
    }

    /** Completes every waiting execution of {@code thing} with {@code result} and forgets its executions. */
    void failThing(String thing, CommandResult result) {
        pending.failDevice(thing, result);
        synchronized (started) {
            started.values().removeIf(thing::equals);
        }
    }

    /** Completes every waiting execution with {@code result} (the emulator stops). */
    void failAll(CommandResult result) {
        pending.failAll(result);
    }

    private String startedFor(String id) {
        synchronized (started) {
            return started.get(id);
        }
    }

    private static CommandRejection finished(String id) {
        return new CommandRejection(CommandRejection.TERMINAL_STATE_REACHED,
                "command execution " + id + " has already finished");
    }
}
