package io.dmkit.itests;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.dmkit.api.CommandResponse;
import io.dmkit.api.DmMessage;
import io.dmkit.api.DmResult;
import io.dmkit.api.DmSession;
import io.dmkit.api.SessionConfig;
import io.dmkit.api.handler.CommandHandler;
import io.dmkit.testing.EmulatorClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.Test;

/**
 * AWS IoT Commands executions as dmkit commands (docs/clouds/aws.md, "Commands"): the name from the
 * payload, the parameters to the handler, the handler's status back as the execution's status with
 * {@code HTTP_<status>} as its reason code. The emulator's REST API reports the status it read from
 * that reason code and the handler's reply it found in {@code result.response.s}.
 */
public class AwsCommandsIT extends AwsEmulatorSupport {

    private Thing connectedThing(String name, Map<String, Object> extra) throws Exception {
        Thing thing = registerThing(name);
        Map<String, Object> p = sessionProperties(name, thing);
        p.putAll(extra);
        connected(p);
        return thing;
    }

    private EmulatorClient.Answer invoke(Thing thing, String command, String params, int timeoutSeconds) {
        return cloudApi().invoke(thing.name(), command, params, timeoutSeconds);
    }

    @Test
    public void executionIsDispatchedByTheNameInItsPayloadAndItsParamsReachTheHandler() throws Exception {
        register(CommandHandler.class, request -> CommandResponse.of(200, "{\"echo\":" + request.payloadAsString() + "}"),
                Map.of(CommandHandler.COMMAND_NAME, "ping"));
        Thing thing = connectedThing("cmd-ping", Map.of());

        EmulatorClient.Answer answer = invoke(thing, "ping", "{\"hello\":1}", 10);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(json(answer.body())).isEqualTo(json("{\"status\":200,\"payload\":{\"echo\":{\"hello\":1}}}"));
    }

    @Test
    public void handlerStatusesComeBackExactlyThroughTheReasonCode() throws Exception {
        register(CommandHandler.class, request -> CommandResponse.of(202, "\"accepted\""),
                Map.of(CommandHandler.COMMAND_NAME, "start"));
        register(CommandHandler.class, request -> CommandResponse.error(403, "not now"),
                Map.of(CommandHandler.COMMAND_NAME, "refuse"));
        register(CommandHandler.class, request -> {
            throw new IllegalStateException("broken handler");
        }, Map.of(CommandHandler.COMMAND_NAME, "crash"));
        Thing thing = connectedThing("cmd-status", Map.of());

        // SUCCEEDED/HTTP_202, REJECTED/HTTP_403, FAILED/HTTP_500, REJECTED/HTTP_404 (no handler)
        assertThat(json(invoke(thing, "start", "{}", 10).body())).isEqualTo(json("{\"status\":202,\"payload\":\"accepted\"}"));
        assertThat(json(invoke(thing, "refuse", "{}", 10).body()))
                .isEqualTo(json("{\"status\":403,\"payload\":{\"error\":\"not now\"}}"));
        JsonObject crashed = json(invoke(thing, "crash", "{}", 10).body());
        assertThat(crashed.get("status").getAsInt()).isEqualTo(500);
        assertThat(crashed.toString()).doesNotContain("broken handler").doesNotContain("IllegalStateException");
        assertThat(json(invoke(thing, "unknown", "{}", 10).body()).get("status").getAsInt()).isEqualTo(404);
    }

    @Test
    public void handlerThatMissesTheSessionsDeadlineIsAnsweredTimedOutOnceBeforeTheServiceGivesUp() throws Exception {
        CountDownLatch interrupted = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        register(CommandHandler.class, request -> {
            calls.incrementAndGet();
            try {
                new CountDownLatch(1).await(); // until the core interrupts it at the deadline
            } catch (InterruptedException e) {
                interrupted.countDown();
                Thread.currentThread().interrupt();
            }
            return CommandResponse.of(200, "\"too late\"");
        }, Map.of(CommandHandler.COMMAND_NAME, "slow"));
        try (LogCapture log = new LogCapture()) {
            Thing thing = connectedThing("cmd-slow", Map.of(SessionConfig.COMMAND_TIMEOUT.id(), 1));

            long start = System.nanoTime();
            EmulatorClient.Answer answer = invoke(thing, "slow", "{}", 20);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            // The session's 1 s deadline, not the service's 20 s: the device answered TIMED_OUT/HTTP_504.
            assertThat(json(answer.body())).isEqualTo(json("{\"status\":504,\"payload\":{\"error\":\"no answer within "
                    + "1000 ms\"}}"));
            assertThat(millis).isLessThan(15_000);
            assertThat(interrupted.await(10, TimeUnit.SECONDS)).as("the handler was interrupted").isTrue();
            assertThat(calls.get()).isEqualTo(1);
            assertThat(log.lines()).as("no second answer was sent (AWS would refuse it)")
                    .noneMatch(l -> l.contains("refused the answer"));
        }
    }

    @Test
    public void executionTimeoutFromTheMessageExpiryIsTheHandlersDeadline() throws Exception {
        register(CommandHandler.class,
                request -> CommandResponse.of(200, String.valueOf(Duration.between(Instant.now(), request.deadline())
                        .toMillis())),
                Map.of(CommandHandler.COMMAND_NAME, "deadline"));
        Thing thing = connectedThing("cmd-expiry", Map.of(SessionConfig.COMMAND_TIMEOUT.id(), 60));

        EmulatorClient.Answer answer = invoke(thing, "deadline", "{}", 7);
        long remaining = json(answer.body()).get("payload").getAsLong();
        assertThat(remaining).as("the execution's 7 s timeout, not the session's 60 s").isBetween(4_000L, 7_000L);
    }

    @Test
    public void answerGetsThroughWhileABurstOfTelemetryFillsTheConnection() throws Exception {
        register(CommandHandler.class, request -> CommandResponse.of(200, "\"pong\""),
                Map.of(CommandHandler.COMMAND_NAME, "ping"));
        // A window of 100 messages, far over the emulator's Receive Maximum of 10 unacknowledged publishes.
        Thing thing = connectedThing("cmd-busy", Map.of(SessionConfig.INFLIGHT_MAX.id(), 100));
        DmSession session = awaitSession("cmd-busy");

        List<CompletableFuture<DmResult>> burst = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            burst.add(session.sendMessage(DmMessage.of("{\"n\":" + i + "}")).toCompletableFuture());
        }
        EmulatorClient.Answer answer = invoke(thing, "ping", "{}", 10);

        assertThat(json(answer.body())).isEqualTo(json("{\"status\":200,\"payload\":\"pong\"}"));
        for (CompletableFuture<DmResult> sent : burst) {
            assertThat(sent.get(30, TimeUnit.SECONDS).status()).isZero();
        }
        assertThat(cloudConnects(thing)).isEqualTo(1);
    }
}
