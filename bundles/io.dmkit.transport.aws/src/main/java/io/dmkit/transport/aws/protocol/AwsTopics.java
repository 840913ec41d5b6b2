package io.dmkit.transport.aws.protocol;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The reserved {@code $aws/} topics of the Device Shadow service and of AWS IoT Commands, built and
 * recognised. Topic constants follow {@code IotShadowClient} and {@code IotCommandsV2Client} of
 * aws-iot-device-sdk-java-v2 (protocols.md §3.2, §3.5).
 *
 * <p>Builders take names that are valid topic levels (the transport checks the thing and shadow
 * names of its configuration); parsers return empty for any other topic.
 */
public final class AwsTopics {

    /** Named shadows: {@code [a-zA-Z0-9:_-]{1,64}} (AWS IoT quotas). */
    public static final Pattern SHADOW_NAME = Pattern.compile("[a-zA-Z0-9:_-]{1,64}");

    private AwsTopics() {
    }

    /** A shadow request: {@code $aws/things/{thing}/shadow[/name/{name}]/get|update|delete}. */
    public record ShadowRequest(ShadowKey key, ShadowOperation operation) {
    }

    /** What the shadow service published: {@code …/shadow[/name/{name}]/get/accepted}, {@code …/update/delta}, … */
    public record ShadowNotice(ShadowKey key, ShadowResponse response) {
    }

    /** A command execution named by a topic: the thing and the execution id. */
    public record Execution(String thing, String executionId) {
    }

    /** Whether {@code topic} (or filter) is in AWS's reserved {@code $aws} space. */
    public static boolean isReserved(String topic) {
        return topic.equals("$aws") || topic.startsWith("$aws/");
    }

    // ---- Device Shadow ----

    /** Where a device publishes a request on a shadow: {@code …/shadow/get}, {@code …/shadow/update}, … */
    public static String shadowRequest(ShadowKey key, ShadowOperation operation) {
        return key.topicPrefix() + "/" + operation.stub();
    }

    /** Where the service publishes a response or notice about a shadow. */
    public static String shadowResponse(ShadowKey key, ShadowResponse response) {
        return key.topicPrefix() + "/" + response.suffix();
    }

    /** The shadow request a device published on {@code topic}, if it is one. */
    public static Optional<ShadowRequest> parseShadowRequest(String topic) {
        String[] levels = topic.split("/", -1);
        return shadowKey(levels, 1).flatMap(key -> ShadowOperation.ofStub(levels[levels.length - 1])
                .map(operation -> new ShadowRequest(key, operation)));
    }

    /** The shadow response or notice the service published on {@code topic}, if it is one. */
    public static Optional<ShadowNotice> parseShadowResponse(String topic) {
        String[] levels = topic.split("/", -1);
        if (levels.length < 2) {
            return Optional.empty();
        }
        String suffix = levels[levels.length - 2] + "/" + levels[levels.length - 1];
        return shadowKey(levels, 2).flatMap(key -> ShadowResponse.ofSuffix(suffix)
                .map(response -> new ShadowNotice(key, response)));
    }

    /** The shadow named by {@code levels}, which have {@code tail} levels after the shadow prefix. */
    private static Optional<ShadowKey> shadowKey(String[] levels, int tail) {
        int prefix = levels.length - tail;
        if (prefix < 4 || !levels[0].equals("$aws") || !levels[1].equals("things") || levels[2].isEmpty()
                || !levels[3].equals("shadow")) {
            return Optional.empty();
        }
        if (prefix == 4) {
            return Optional.of(ShadowKey.classic(levels[2]));
        }
        if (prefix == 6 && levels[4].equals("name") && SHADOW_NAME.matcher(levels[5]).matches()) {
            return Optional.of(ShadowKey.named(levels[2], levels[5]));
        }
        return Optional.empty();
    }

    // ---- AWS IoT Commands (JSON payloads) ----

    /** Where the service sends an execution: {@code $aws/commands/things/{thing}/executions/{id}/request/json}. */
    public static String commandRequest(String thing, String executionId) {
        return executions(thing, executionId) + "/request/json";
    }

    /** The filter a device subscribes to for its executions (the execution id is the one wildcard). */
    public static String commandRequestFilter(String thing) {
        return commandRequest(thing, "+");
    }

    /** Where a device answers an execution: {@code …/executions/{id}/response/json}. */
    public static String commandResponse(String thing, String executionId) {
        return executions(thing, executionId) + "/response/json";
    }

    /** Where the service acknowledges an answer: {@code …/executions/{id}/response/accepted/json}. */
    public static String commandAccepted(String thing, String executionId) {
        return executions(thing, executionId) + "/response/accepted/json";
    }

    /** Where the service refuses an answer: {@code …/executions/{id}/response/rejected/json}. */
    public static String commandRejected(String thing, String executionId) {
        return executions(thing, executionId) + "/response/rejected/json";
    }

    /** The filter a device subscribes to for the refusals of its answers. */
    public static String commandRejectedFilter(String thing) {
        return commandRejected(thing, "+");
    }

    /** The execution a request topic carries ({@code …/request/json}), if it is one. */
    public static Optional<Execution> parseCommandRequest(String topic) {
        return execution(topic, "request", "json");
    }

    /** The execution a device's answer topic names ({@code …/response/json}), if it is one. */
    public static Optional<Execution> parseCommandResponse(String topic) {
        return execution(topic, "response", "json");
    }

    /** The execution a refusal topic names ({@code …/response/rejected/json}), if it is one. */
    public static Optional<Execution> parseCommandRejected(String topic) {
        return execution(topic, "response", "rejected", "json");
    }

    private static Optional<Execution> execution(String topic, String... tail) {
        String[] levels = topic.split("/", -1);
        if (levels.length != 6 + tail.length || !levels[0].equals("$aws") || !levels[1].equals("commands")
                || !levels[2].equals("things") || levels[3].isEmpty() || !levels[4].equals("executions")
                || levels[5].isEmpty() || levels[5].equals("+") || levels[5].equals("#")) {
            return Optional.empty();
        }
        for (int i = 0; i < tail.length; i++) {
            if (!levels[6 + i].equals(tail[i])) {
                return Optional.empty();
            }
        }
        return Optional.of(new Execution(levels[3], levels[5]));
    }

    private static String executions(String thing, String executionId) {
        return "$aws/commands/things/" + thing + "/executions/" + executionId;
    }
}
