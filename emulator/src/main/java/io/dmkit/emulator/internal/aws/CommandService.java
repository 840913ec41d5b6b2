package io.dmkit.emulator.internal.aws;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import io.dmkit.emulator.CommandResult;
import io.dmkit.emulator.EmulatorException;
import io.dmkit.emulator.internal.cloud.Json;
import io.dmkit.transport.aws.protocol.AwsTopics;
import io.dmkit.wire.text.Printable;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * AWS IoT Commands: sends executions to a thing and takes its responses.
 *
 * <p>The request goes to {@code $aws/commands/things/{thing}/executions/{executionId}/request/json}
 * (QoS 1, MQTT 5 message expiry = the timeout in whole seconds, which the AWS SDK reads as the
 * execution's timeout). That topic carries no command name, so the payload does, by the convention of
 * protocols.md §7.5: {@code {"name":"<command>","params":<payload JSON or null>}}. The device answers
 * on {@code …/response/json}; the service acknowledges on {@code …/response/accepted/json} with
 * {@code {"executionId":…}} or on {@code …/response/rejected/json}.
 */
final class CommandService {

    private static final Logger LOG = LoggerFactory.getLogger(CommandService.class);

    private final LinkPublisher publisher;
    private final CommandExecutions executions;

    CommandService(LinkPublisher publisher, ScheduledExecutorService executor) {
        this.publisher = publisher;
        this.executions = new CommandExecutions(executor);
    }

    /**
     * Starts an execution of {@code command} on {@code thing}. Completes with 404 at once if the thing is
     * offline, 504 after {@code timeout} without a final answer, 503 if the request cannot be published.
     *
     * @throws EmulatorException 400 for an empty command name, a payload that is not JSON, or a timeout
     *         that is not positive
     */
    CompletableFuture<CommandResult> invoke(String thing, boolean online, String command, String payloadJson,
            Duration timeout) {
        JsonObject request = request(command, payloadJson, timeout);
        if (!online) {
            return CompletableFuture.completedFuture(
                    new CommandResult(404, Json.error("thing '" + thing + "' is not connected")));
        }
        CommandExecutions.Execution execution = executions.start(thing, timeout);
        LOG.debug("AWS command {} sent to {} as execution {}", Printable.quote(command), thing, execution.id());
        publisher.publish(AwsTopics.commandRequest(thing, execution.id()), request, expirySeconds(timeout))
                .whenComplete((ignored, failure) -> {
                    if (failure != null) {
                        executions.fail(execution.id(), new CommandResult(503,
                                Json.error("the command could not be sent to thing '" + thing + "'")));
                    }
                });
        return execution.result();
    }

    /** Takes a response the device published; on the cloud thread. */
    void serve(AwsTopics.Execution topic, byte[] payload) {
        String thing = topic.thing();
        String id = topic.executionId();
        try {
            executions.respond(thing, id, CommandResponse.parse(payload));
            JsonObject ack = new JsonObject();
            ack.addProperty("executionId", id);
            publisher.publish(AwsTopics.commandAccepted(thing, id), ack);
        } catch (CommandRejection rejection) {
            LOG.info("AWS command response of {} for execution {} rejected ({}): {}", thing, Printable.quote(id),
                    rejection.error(), rejection.getMessage());
            publisher.publish(AwsTopics.commandRejected(thing, id), rejection.payload(id));
        }
    }

    /** The thing was removed: its waiting executions complete with 404. */
    void forget(String thing) {
        executions.failThing(thing, new CommandResult(404, Json.error("thing '" + thing + "' was removed")));
    }

    /** The emulator stops: waiting executions complete with 503. */
    void close() {
        executions.failAll(new CommandResult(503, Json.error("the emulator is stopping")));
    }

    private static JsonObject request(String command, String payloadJson, Duration timeout) {
        if (command == null || command.isBlank()) {
            throw new EmulatorException(400, "a command needs a name");
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new EmulatorException(400, "a command timeout must be positive, not " + timeout);
        }
        JsonElement params = JsonNull.INSTANCE;
        if (payloadJson != null && !payloadJson.isBlank()) {
            params = Json.parseStrict(payloadJson).orElseThrow(
                    () -> new EmulatorException(400, "the payload of command '" + command + "' is not JSON"));
        }
        JsonObject request = new JsonObject();
        request.addProperty("name", command);
        request.add("params", params);
        return request;
    }

    /** Whole seconds, rounded up: an expiry shorter than the timeout would drop a request still wanted. */
    static long expirySeconds(Duration timeout) {
        long seconds = timeout.getSeconds() + (timeout.getNano() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }
}
