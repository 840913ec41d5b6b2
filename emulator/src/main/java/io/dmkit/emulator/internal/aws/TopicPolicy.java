package io.dmkit.emulator.internal.aws;

import io.dmkit.transport.aws.protocol.AwsTopics;

/**
 * What a thing may publish and subscribe to, standing in for the IoT policy a real account would
 * attach to the certificate: its own {@code $aws/things/{thing}/…} and
 * {@code $aws/commands/things/{thing}/…} topics, no other reserved topic, and any ordinary topic of
 * at most {@value #MAX_SLASHES} slashes (the AWS message-broker limit).
 *
 * <p>A filter's thing level must name the thing literally: {@code $aws/things/+/shadow/…} would
 * match other things' shadows. The slash limit is not applied to reserved topics, because AWS's own
 * command topics ({@code …/executions/{id}/response/accepted/json}) have eight.
 */
final class TopicPolicy {

    static final int MAX_SLASHES = 7;

    private TopicPolicy() {
    }

    static boolean mayPublish(String thing, String topic) {
        return allowed(thing, topic);
    }

    static boolean maySubscribe(String thing, String topicFilter) {
        return allowed(thing, topicFilter);
    }

    /** Why {@link #mayPublish}/{@link #maySubscribe} refused {@code topic}: for the log line. */
    static String refusalReason(String thing, String topic) {
        if (AwsTopics.isReserved(topic)) {
            return "reserved $aws topics are open to a thing only under $aws/things/" + thing
                    + "/ and $aws/commands/things/" + thing + "/";
        }
        return "AWS IoT allows at most " + MAX_SLASHES + " '/' in a topic";
    }

    private static boolean allowed(String thing, String topic) {
        if (AwsTopics.isReserved(topic)) {
            return ownReserved(thing, topic);
        }
        return slashes(topic) <= MAX_SLASHES;
    }

    private static boolean ownReserved(String thing, String topic) {
        String[] levels = topic.split("/", -1);
        if (levels.length >= 4 && levels[1].equals("things")) {
            return levels[2].equals(thing);
        }
        if (levels.length >= 5 && levels[1].equals("commands") && levels[2].equals("things")) {
            return levels[3].equals(thing);
        }
        return false;
    }

    private static long slashes(String topic) {
        return topic.chars().filter(c -> c == '/').count();
    }
}
