package io.dmkit.emulator.internal.aws;

import static io.dmkit.emulator.internal.aws.AwsShadowStoreTest.bytes;
import static io.dmkit.emulator.internal.aws.AwsShadowStoreTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dmkit.emulator.AuthKind;
import io.dmkit.emulator.CommandResult;
import io.dmkit.emulator.Device;
import io.dmkit.emulator.Dialect;
import io.dmkit.emulator.EmulatorException;
import io.dmkit.emulator.TelemetryMessage;
import io.dmkit.emulator.TwinDocument;
import io.dmkit.emulator.internal.cloud.ConnectionTracker;
import io.dmkit.emulator.internal.cloud.InboundPublish;
import io.dmkit.emulator.internal.cloud.TelemetryLog;
import io.dmkit.testing.Await;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The dialect's routing between broker callbacks, shadow and command services, with a recording link. */
class AwsDialectWiringTest {

    private static final Device THING = new Device("thing-1", Dialect.AWS, AuthKind.X509, null, null, null, "00");
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final ScheduledExecutorService cloud = Executors.newSingleThreadScheduledExecutor();
    private final RecordingCloudLink link = new RecordingCloudLink();
    private final TelemetryLog telemetry = new TelemetryLog();
    private final ConnectionTracker connections = new ConnectionTracker(Clock.systemUTC());
    private final AwsDialect dialect = new AwsDialect(link, cloud, telemetry, connections);

    @AfterEach
    void stop() {
        dialect.close();
        cloud.shutdownNow();
    }

    @Test
    void shadowRequestIsConsumedAndAnsweredOnTheAcceptedTopic() {
        boolean consumed = dialect.inbound(THING, "c1",
                publish("$aws/things/thing-1/shadow/update", "{\"state\":{\"reported\":{\"a\":1}},\"clientToken\":\"x\"}"));

        assertThat(consumed).isTrue();
        RecordingCloudLink.Published accepted = link.awaitTopic("/shadow/update/accepted");
        assertThat(accepted.topic()).isEqualTo("$aws/things/thing-1/shadow/update/accepted");
        assertThat(accepted.qos()).isEqualTo(1);
        assertThat(accepted.json().get("clientToken").getAsString()).isEqualTo("x");
    }

    @Test
    void badShadowRequestIsAnsweredOnTheRejectedTopic() {
        dialect.inbound(THING, "c1", publish("$aws/things/thing-1/shadow/name/cfg/get", ""));

        assertThat(link.awaitTopic("/shadow/name/cfg/get/rejected").json().get("code").getAsInt()).isEqualTo(404);
    }

    @Test
    void throttledShadowRequestsAre429UntilTheGivenTime() {
        dialect.throttleTwin(THING, Instant.now().plusSeconds(60));

        dialect.inbound(THING, "c1", publish("$aws/things/thing-1/shadow/update",
                "{\"state\":{\"reported\":{\"a\":1}},\"clientToken\":\"t\"}"));

        assertThat(link.awaitTopic("/update/rejected").json())
                .isEqualTo(json("{\"code\":429,\"message\":\"Too Many Requests\",\"timestamp\":"
                        + link.awaitTopic("/update/rejected").json().get("timestamp") + ",\"clientToken\":\"t\"}"));
        assertThat(dialect.twin(THING).reportedVersion()).isZero();
    }

    @Test
    void ordinaryPublishIsTelemetryWithUserPropertiesAndContentTypeAndIsRouted() {
        InboundPublish message = new InboundPublish("dt/thing-1/messages", bytes("{\"t\":1}"), 1, false,
                List.of(Map.entry("unit", "C"), Map.entry("site", "a")), Optional.of("application/json"), Optional.empty());

        boolean consumed = dialect.inbound(THING, "c1", message);

        assertThat(consumed).isFalse();
        List<TelemetryMessage> messages = dialect.messages(THING, 10);
        assertThat(messages).hasSize(1);
        assertThat(messages.get(0).topic()).isEqualTo("dt/thing-1/messages");
        assertThat(messages.get(0).properties())
                .containsExactly(Map.entry("unit", "C"), Map.entry("site", "a"), Map.entry("content-type", "application/json"));
    }

    @Test
    void otherReservedTopicsAreConsumedWithoutAnswer() throws Exception {
        assertThat(dialect.inbound(THING, "c1", publish("$aws/things/thing-1/jobs/get", "{}"))).isTrue();

        cloud.submit(() -> null).get(5, TimeUnit.SECONDS); // the cloud thread has served the request
        assertThat(link.all()).isEmpty();
    }

    @Test
    void restPatchCreatesTheClassicShadowAndNotifiesTheDevice() {
        long version = dialect.patchDesired(THING, "{\"mode\":\"eco\"}");

        assertThat(version).isEqualTo(1);
        assertThat(link.awaitTopic("$aws/things/thing-1/shadow/update/delta").json().getAsJsonObject("state"))
                .isEqualTo(json("{\"mode\":\"eco\"}"));
        assertThat(dialect.twin(THING)).isEqualTo(new TwinDocument("{\"mode\":\"eco\"}", 1, "{}", 1));
    }

    @Test
    void restPatchThatIsNotAnObjectIs400() {
        assertThatThrownBy(() -> dialect.patchDesired(THING, "[1]"))
                .isInstanceOfSatisfying(EmulatorException.class, e -> assertThat(e.status()).isEqualTo(400));
        assertThat(link.all()).isEmpty();
    }

    @Test
    void twinOfAThingWithoutShadowIsEmptyAtVersionZero() {
        assertThat(dialect.twin(THING)).isEqualTo(new TwinDocument("{}", 0, "{}", 0));
    }

    @Test
    void commandToAThingThatIsNotConnectedIs404() {
        CommandResult result = dialect.invoke(THING, "reboot", null, WAIT).join();

        assertThat(result.status()).isEqualTo(404);
        assertThat(link.all()).isEmpty();
    }

    @Test
    void commandIsSentWithNameParamsAndExpiryAndCompletesWithTheDevicesAnswer() {
        connections.connected(THING.id(), 1, "c1");

        CompletableFuture<CommandResult> result = dialect.invoke(THING, "reboot", "{\"delay\":5}",
                Duration.ofMillis(2500));

        RecordingCloudLink.Published request = link.awaitTopic("/request/json");
        assertThat(request.topic()).matches("\\$aws/commands/things/thing-1/executions/[0-9a-f-]{36}/request/json");
        assertThat(request.json()).isEqualTo(json("{\"name\":\"reboot\",\"params\":{\"delay\":5}}"));
        assertThat(request.messageExpirySeconds()).isEqualTo(3);
        String executions = request.topic().substring(0, request.topic().length() - "/request/json".length());

        dialect.inbound(THING, "c1", publish(executions + "/response/json", "{\"status\":\"FAILED\","
                + "\"statusReason\":{\"reasonCode\":\"HTTP_503\"},\"result\":{\"response\":{\"s\":\"{\\\"busy\\\":1}\"}}}"));

        assertThat(Await.value("the command result", WAIT, () -> result.getNow(null)))
                .isEqualTo(new CommandResult(503, "{\"busy\":1}"));
        assertThat(link.awaitTopic("/response/accepted/json").json().get("executionId").getAsString())
                .isEqualTo(executions.substring(executions.lastIndexOf('/') + 1));
    }

    @Test
    void responseToAnUnknownExecutionIsRejected() {
        dialect.inbound(THING, "c1", publish("$aws/commands/things/thing-1/executions/nope/response/json",
                "{\"status\":\"SUCCEEDED\"}"));

        assertThat(link.awaitTopic("/executions/nope/response/rejected/json").json().get("error").getAsString())
                .isEqualTo("ResourceNotFound");
    }

    @Test
    void removingTheThingForgetsItsShadowTelemetryAndWaitingCommands() {
        connections.connected(THING.id(), 1, "c1");
        dialect.patchDesired(THING, "{\"a\":1}");
        dialect.inbound(THING, "c1", publish("dt/thing-1", "{}"));
        CompletableFuture<CommandResult> waiting = dialect.invoke(THING, "ping", null, Duration.ofMinutes(1));

        dialect.removed("thing-1");
        connections.forget("thing-1"); // as Emulator.removeDevice does

        assertThat(waiting.join().status()).isEqualTo(404);
        assertThat(dialect.twin(THING)).isEqualTo(new TwinDocument("{}", 0, "{}", 0));
        assertThat(dialect.messages(THING, 10)).isEmpty();
        assertThat(dialect.invoke(THING, "ping", null, WAIT).join().status()).isEqualTo(404);
    }

    @Test
    void closingCompletesWaitingCommandsWith503() {
        connections.connected(THING.id(), 1, "c1");
        CompletableFuture<CommandResult> waiting = dialect.invoke(THING, "ping", null, Duration.ofMinutes(1));

        dialect.close();

        assertThat(waiting.join().status()).isEqualTo(503);
    }

    @Test
    void invalidCommandArgumentsAre400() {
        assertThatThrownBy(() -> dialect.invoke(THING, "x", "{nope", WAIT))
                .isInstanceOfSatisfying(EmulatorException.class, e -> assertThat(e.status()).isEqualTo(400));
        assertThatThrownBy(() -> dialect.invoke(THING, "x", null, Duration.ZERO))
                .isInstanceOfSatisfying(EmulatorException.class, e -> assertThat(e.status()).isEqualTo(400));
    }

    private static InboundPublish publish(String topic, String payload) {
        return new InboundPublish(topic, bytes(payload), 1, false, List.of(), Optional.empty(), Optional.empty());
    }
}
