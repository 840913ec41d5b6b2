package io.dmkit.emulator.internal.aws;

import static io.dmkit.emulator.internal.aws.AwsShadowStoreTest.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dmkit.emulator.CommandResult;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AwsCommandExecutionsTest {

    private static final Duration LONG = Duration.ofMinutes(5);

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final CommandExecutions executions = new CommandExecutions(timer);

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    @Test
    void terminalResponseCompletesTheExecution() throws Exception {
        CommandExecutions.Execution execution = executions.start("thing-1", LONG);

        executions.respond("thing-1", execution.id(), response("{\"status\":\"SUCCEEDED\"}"));

        assertThat(execution.result()).isCompletedWithValue(new CommandResult(200, null));
    }

    @Test
    void inProgressLeavesItWaiting() throws Exception {
        CommandExecutions.Execution execution = executions.start("thing-1", LONG);

        executions.respond("thing-1", execution.id(), response("{\"status\":\"IN_PROGRESS\"}"));

        assertThat(execution.result()).isNotDone();
        executions.respond("thing-1", execution.id(), response("{\"status\":\"FAILED\"}"));
        assertThat(execution.result()).isCompletedWithValue(new CommandResult(500, null));
    }

    @Test
    void noAnswerInTimeIs504AndALateAnswerFindsATerminalState() throws Exception {
        CommandExecutions.Execution execution = executions.start("thing-1", Duration.ofMillis(50));

        CommandResult result = execution.result().get(5, TimeUnit.SECONDS);

        assertThat(result.status()).isEqualTo(504);
        assertThat(result.payloadJson()).contains("did not answer within 50 ms");
        assertThatThrownBy(() -> executions.respond("thing-1", execution.id(), response("{\"status\":\"SUCCEEDED\"}")))
                .isInstanceOfSatisfying(CommandRejection.class,
                        r -> assertThat(r.error()).isEqualTo("TerminalStateReached"));
    }

    @Test
    void secondAnswerFindsATerminalState() throws Exception {
        CommandExecutions.Execution execution = executions.start("thing-1", LONG);
        executions.respond("thing-1", execution.id(), response("{\"status\":\"SUCCEEDED\"}"));

        assertThatThrownBy(() -> executions.respond("thing-1", execution.id(), response("{\"status\":\"FAILED\"}")))
                .isInstanceOfSatisfying(CommandRejection.class,
                        r -> assertThat(r.error()).isEqualTo("TerminalStateReached"));
        assertThat(execution.result()).isCompletedWithValue(new CommandResult(200, null));
    }

    @Test
    void unknownExecutionOrAnotherThingsIsNotFound() {
        CommandExecutions.Execution execution = executions.start("thing-1", LONG);

        assertThatThrownBy(() -> executions.respond("thing-1", "no-such-id", response("{\"status\":\"SUCCEEDED\"}")))
                .isInstanceOfSatisfying(CommandRejection.class, r -> assertThat(r.error()).isEqualTo("ResourceNotFound"));
        assertThatThrownBy(() -> executions.respond("thing-2", execution.id(), response("{\"status\":\"SUCCEEDED\"}")))
                .isInstanceOfSatisfying(CommandRejection.class, r -> assertThat(r.error()).isEqualTo("ResourceNotFound"));
        assertThat(execution.result()).isNotDone();
    }

    @Test
    void failingAThingCompletesOnlyItsExecutions() {
        CommandExecutions.Execution mine = executions.start("thing-1", LONG);
        CommandExecutions.Execution other = executions.start("thing-2", LONG);

        executions.failThing("thing-1", new CommandResult(404, null));

        assertThat(mine.result()).isCompletedWithValue(new CommandResult(404, null));
        assertThat(other.result()).isNotDone();
    }

    @Test
    void failingAllCompletesEveryWaitingExecution() {
        CommandExecutions.Execution one = executions.start("thing-1", LONG);
        CommandExecutions.Execution two = executions.start("thing-2", LONG);

        executions.failAll(new CommandResult(503, null));

        assertThat(one.result()).isCompletedWithValue(new CommandResult(503, null));
        assertThat(two.result()).isCompletedWithValue(new CommandResult(503, null));
    }

    @Test
    void afterAThingIsFailedItsOldExecutionsAreNotFound() {
        CommandExecutions.Execution execution = executions.start("thing-1", LONG);
        executions.failThing("thing-1", new CommandResult(404, null));

        assertThatThrownBy(() -> executions.respond("thing-1", execution.id(), response("{\"status\":\"SUCCEEDED\"}")))
                .isInstanceOfSatisfying(CommandRejection.class, r -> assertThat(r.error()).isEqualTo("ResourceNotFound"));
    }

    @Test
    void executionIdsAreUnique() {
        assertThat(executions.start("thing-1", LONG).id()).isNotEqualTo(executions.start("thing-1", LONG).id());
    }

    private static CommandResponse response(String json) throws CommandRejection {
        return CommandResponse.parse(bytes(json));
    }
}
