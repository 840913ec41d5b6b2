package io.dmkit.emulator.internal.aws;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The reserved {@code $aws/} topics the dialect serves: which request a published topic is, and the
 * topics the service answers on. Topic constants follow {@code IotShadowClient} and
 * {@code IotCommandsV2Client} of aws-iot-device-sdk-java-v2.
 */
final class AwsTopics {

    /** Named shadows: {@code [a-zA-Z0-9:_-]{1,64}} (AWS IoT quotas). */
    private static final Pattern SHADOW_NAME = Pattern.compile("[a-zA-Z0-9:_-]{1,64}");

    private AwsTopics() {
    }

    /** A shadow request: {@code $aws/things/{thing}/shadow[/name/{name}]/get|update|delete}. */
    record ShadowRequest(ShadowKey key, ShadowOperation operation) {
    }

    /** A device's reply to a command: {@code $aws/commands/things/{thing}/executions/{id}/response/json}. */
    record CommandResponse(String thing, String executionId) {
    }

    /** Whether {@code topic} (or filter) is in AWS's reserved {@code $aws} space. */
    static boolean isReserved(String topic) {
        return topic.equals("$aws") || topic.startsWith("$aws/");
    }

    static Optional<ShadowRequest> shadowRequest(String topic) {
        String[] levels = topic.split("/", -1);
        if (levels.length < 5 || !levels[0].equals("$aws") || !levels[1].equals("things")
                || !levels[3].equals("shadow")) {
            return Optional.empty();
        }
        String thing = levels[2];
        if (levels.length == 5) {
            return ShadowOperation.ofStub(levels[4]).map(op -> new ShadowRequest(ShadowKey.classic(thing), op));
        }
        if (levels.length == 7 && levels[4].equals("name") && SHADOW_NAME.matcher(levels[5]).matches()) {
            return ShadowOperation.ofStub(levels[6])
                    .map(op -> new ShadowRequest(ShadowKey.named(thing, levels[5]), op));
        }
        return Optional.empty();
    }

    static Optional<CommandResponse> commandResponse(String topic) {
        String[] levels = topic.split("/", -1);
        if (levels.length == 8 && levels[0].equals("$aws") && levels[1].equals("commands")
                && levels[2].equals("things") && levels[4].equals("executions") && !levels[5].isEmpty()
                && levels[6].equals("response") && levels[7].equals("json")) {
            return Optional.of(new CommandResponse(levels[3], levels[5]));
        }
        return Optional.empty();
    }

    /** Where the service sends an execution: the JSON request topic ({@code …/request/json}). */
    static String commandRequest(String thing, String executionId) {
        return executions(thing, executionId) + "/request/json";
    }

    static String commandAccepted(String thing, String executionId) {
        return executions(thing, executionId) + "/response/accepted/json";
    }

    static String commandRejected(String thing, String executionId) {
        return executions(thing, executionId) + "/response/rejected/json";
    }

    private static String executions(String thing, String executionId) {
        return "$aws/commands/things/" + thing + "/executions/" + executionId;
    }
}
