package io.dmkit.transport.thingspro.protocol;

import io.dmkit.wire.text.Printable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The topics of the ThingsPro DM protocol (spec §3) under one topic root: builders for every topic,
 * the subscription filters of both sides, and a parser that classifies an incoming topic.
 *
 * <p>Builders take input from our own code and throw {@link IllegalArgumentException} for an
 * invalid device id, command name, rid or number. {@link #parse(String)} takes input from the
 * network and never throws: it returns a {@link TopicParseResult} with a reason instead.
 *
 * <p>Immutable and thread-safe.
 */
public final class ThingsProTopics {

    /** The topic root both sides use unless configured otherwise ({@code topic.root}). */
    public static final String DEFAULT_ROOT = "dm";

    /** MQTT's limit on a topic name: 65535 bytes of UTF-8. */
    public static final int MAX_TOPIC_BYTES = 65_535;

    /** The most levels a topic has after the root: {@code {id}/commands/req/{name}/{rid}/{timeoutMs}}. */
    private static final int MAX_LEVELS = 6;

    /** A status: a non-negative decimal without sign or leading zeros that fits an {@code int}. */
    private static final Pattern STATUS = Pattern.compile("0|[1-9][0-9]{0,8}");

    /** A version or timeout: a positive decimal without sign or leading zeros (range checked apart). */
    private static final Pattern POSITIVE = Pattern.compile("[1-9][0-9]{0,18}");

    private static final int MAX_ROOT_LENGTH = 1024;

    private final String root;
    private final String prefix;

    /**
     * Topics under {@code root}: one or more levels separated by {@code /}, none empty, without
     * wildcards or control characters, not starting with {@code $} (reserved by brokers).
     */
    public ThingsProTopics(String root) {
        Optional<String> problem = rootProblem(root);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(problem.get() + ": " + Printable.quote(root));
        }
        this.root = root;
        this.prefix = root + "/";
    }

    /** Topics under {@value #DEFAULT_ROOT}. */
    public static ThingsProTopics withDefaultRoot() {
        return new ThingsProTopics(DEFAULT_ROOT);
    }

    public String root() {
        return root;
    }

    // ---------------------------------------------------------------- builders

    /** {@code {root}/{id}/status}. */
    public String status(String deviceId) {
        return topic(deviceId, "status");
    }

    /** {@code {root}/{id}/messages}: telemetry without properties. */
    public String messages(String deviceId) {
        return topic(deviceId, "messages");
    }

    /**
     * {@code {root}/{id}/messages/{bag}}, or {@code {root}/{id}/messages} when {@code properties} is
     * empty. The bag keeps the map's iteration order.
     *
     * @throws IllegalArgumentException for an invalid device id or property (see
     *         {@link PropertyBag#encode(Map)}), or when the topic would exceed {@value #MAX_TOPIC_BYTES} bytes
     */
    public String messages(String deviceId, Map<String, String> properties) {
        String bag = PropertyBag.encode(properties);
        return bag.isEmpty() ? messages(deviceId) : topic(deviceId, "messages", bag);
    }

    /** {@code {root}/{id}/twin/get/{rid}}. */
    public String twinGet(String deviceId, String rid) {
        return topic(deviceId, "twin", "get", Identifiers.requireRid(rid));
    }

    /** {@code {root}/{id}/twin/reported/{rid}}. */
    public String twinReported(String deviceId, String rid) {
        return topic(deviceId, "twin", "reported", Identifiers.requireRid(rid));
    }

    /** {@code {root}/{id}/twin/res/{status}/{rid}}. */
    public String twinResponse(String deviceId, int status, String rid) {
        return topic(deviceId, "twin", "res", statusLevel(status), Identifiers.requireRid(rid));
    }

    /** {@code {root}/{id}/twin/desired/{version}}; the version is at least 1. */
    public String twinDesired(String deviceId, long version) {
        return topic(deviceId, "twin", "desired", positiveLevel("version", version));
    }

    /** {@code {root}/{id}/commands/req/{name}/{rid}}: a command request without a timeout. */
    public String commandRequest(String deviceId, String name, String rid) {
        return topic(deviceId, "commands", "req", Identifiers.requireCommandName(name), Identifiers.requireRid(rid));
    }

    /** {@code {root}/{id}/commands/req/{name}/{rid}/{timeoutMs}}; the timeout is at least 1 ms. */
    public String commandRequest(String deviceId, String name, String rid, long timeoutMs) {
        return topic(deviceId, "commands", "req", Identifiers.requireCommandName(name), Identifiers.requireRid(rid),
                positiveLevel("timeoutMs", timeoutMs));
    }

    /** {@code {root}/{id}/commands/res/{status}/{rid}}. */
    public String commandResponse(String deviceId, int status, String rid) {
        return topic(deviceId, "commands", "res", statusLevel(status), Identifiers.requireRid(rid));
    }

    // ---------------------------------------------------------------- subscriptions

    /**
     * What a device subscribes to after CONNACK, in the order of spec §2 (desired patches first, so
     * that none is missed while the twin is fetched), all in one SUBSCRIBE.
     */
    public List<String> deviceSubscriptions(String deviceId) {
        String base = prefix + Identifiers.requireDeviceId(deviceId) + "/";
        return List.of(base + "twin/desired/+", base + "twin/res/+/+", base + "commands/req/#");
    }

    /**
     * What the service subscribes to (spec §7.1). {@code {root}/+/messages/#} also matches
     * {@code {root}/+/messages} (MQTT 3.1.1 §4.7.1.2), so there is no separate filter for it: with
     * both, a broker may deliver every message without properties twice.
     */
    public List<String> serviceSubscriptions() {
        return List.of(prefix + "+/status", prefix + "+/messages/#", prefix + "+/twin/get/+",
                prefix + "+/twin/reported/+", prefix + "+/commands/res/+/+");
    }

    // ---------------------------------------------------------------- parser

    /**
     * Classifies a topic received from the broker. Never throws: a topic that is not one of the
     * protocol's, under this root, is rejected with a reason fit for a log line.
     */
    public TopicParseResult parse(String topic) {
        if (topic == null) {
            return reject("topic is missing");
        }
        if (topic.length() > MAX_TOPIC_BYTES || utf8Length(topic) > MAX_TOPIC_BYTES) {
            return reject("topic is longer than " + MAX_TOPIC_BYTES + " bytes");
        }
        Optional<String> characterProblem = characterProblem(topic);
        if (characterProblem.isPresent()) {
            return reject(characterProblem.get());
        }
        if (!topic.startsWith(prefix)) {
            return reject("topic " + Printable.quote(topic) + " is not under the topic root " + Printable.quote(root));
        }
        List<String> levels = split(topic.substring(prefix.length()));
        if (levels.size() > MAX_LEVELS) {
            return reject("topic " + Printable.quote(topic) + " has more levels than any topic of the protocol");
        }
        String deviceId = levels.get(0);
        Optional<String> idProblem = Identifiers.deviceIdProblem(deviceId);
        if (idProblem.isPresent()) {
            return reject("topic " + Printable.quote(topic) + ": " + idProblem.get());
        }
        if (levels.size() < 2) {
            return reject("topic " + Printable.quote(topic) + " names a device but no topic of it", null, deviceId, null);
        }
        return switch (levels.get(1)) {
            case "status" -> levels.size() == 2
                    ? TopicParseResult.valid(ThingsProTopic.status(deviceId))
                    : reject(wrongShape(topic, "{root}/{id}/status"), TopicKind.STATUS, deviceId, null);
            case "messages" -> parseMessages(topic, deviceId, levels);
            case "twin" -> parseTwin(topic, deviceId, levels);
            case "commands" -> parseCommands(topic, deviceId, levels);
            default -> reject("topic " + Printable.quote(topic) + " is not a topic of the protocol", null, deviceId, null);
        };
    }

    private TopicParseResult parseMessages(String topic, String deviceId, List<String> levels) {
        if (levels.size() == 2) {
            return TopicParseResult.valid(ThingsProTopic.message(deviceId, Map.of()));
        }
        if (levels.size() != 3) {
            return reject(wrongShape(topic, "{root}/{id}/messages[/{bag}]"), TopicKind.MESSAGE, deviceId, null);
        }
        try {
            return TopicParseResult.valid(ThingsProTopic.message(deviceId, PropertyBag.decode(levels.get(2))));
        } catch (IllegalArgumentException e) {
            return reject("telemetry topic of device " + Printable.quote(deviceId) + ": " + e.getMessage(),
                    TopicKind.MESSAGE, deviceId, null);
        }
    }

    private TopicParseResult parseTwin(String topic, String deviceId, List<String> levels) {
        String operation = levels.size() > 2 ? levels.get(2) : "";
        switch (operation) {
            case "get", "reported" -> {
                TopicKind kind = operation.equals("get") ? TopicKind.TWIN_GET : TopicKind.TWIN_REPORTED;
                if (levels.size() != 4) {
                    return reject(wrongShape(topic, "{root}/{id}/twin/" + operation + "/{rid}"), kind, deviceId, null);
                }
                return ridThen(topic, kind, deviceId, levels.get(3),
                        rid -> TopicParseResult.valid(ThingsProTopic.twinRequest(kind, deviceId, rid)));
            }
            case "res" -> {
                return parseResponse(topic, TopicKind.TWIN_RESPONSE, deviceId, levels, "{root}/{id}/twin/res/{status}/{rid}");
            }
            case "desired" -> {
                if (levels.size() != 4) {
                    return reject(wrongShape(topic, "{root}/{id}/twin/desired/{version}"), TopicKind.TWIN_DESIRED,
                            deviceId, null);
                }
                long version = parsePositive(levels.get(3));
                if (version < 0) {
                    return reject("topic " + Printable.quote(topic) + ": the version must be a decimal integer from 1 to "
                            + Long.MAX_VALUE + " without sign or leading zeros", TopicKind.TWIN_DESIRED, deviceId, null);
                }
                return TopicParseResult.valid(ThingsProTopic.twinDesired(deviceId, version));
            }
            default -> {
                return reject("topic " + Printable.quote(topic) + " is not a twin topic of the protocol", null, deviceId, null);
            }
        }
    }

    private TopicParseResult parseCommands(String topic, String deviceId, List<String> levels) {
        String direction = levels.size() > 2 ? levels.get(2) : "";
        switch (direction) {
            case "req" -> {
                String shape = "{root}/{id}/commands/req/{name}/{rid}[/{timeoutMs}]";
                if (levels.size() != 5 && levels.size() != 6) {
                    return reject(wrongShape(topic, shape), TopicKind.COMMAND_REQUEST, deviceId, null);
                }
                return ridThen(topic, TopicKind.COMMAND_REQUEST, deviceId, levels.get(4), rid -> {
                    String name = levels.get(3);
                    Optional<String> nameProblem = Identifiers.commandNameProblem(name);
                    if (nameProblem.isPresent()) {
                        return reject("topic " + Printable.quote(topic) + ": " + nameProblem.get(),
                                TopicKind.COMMAND_REQUEST, deviceId, rid);
                    }
                    long timeoutMs = -1;
                    if (levels.size() == 6) {
                        timeoutMs = parsePositive(levels.get(5));
                        if (timeoutMs < 0) {
                            return reject("topic " + Printable.quote(topic) + ": the timeout must be a decimal number of"
                                    + " milliseconds from 1 to " + Long.MAX_VALUE + " without sign or leading zeros",
                                    TopicKind.COMMAND_REQUEST, deviceId, rid);
                        }
                    }
                    return TopicParseResult.valid(ThingsProTopic.commandRequest(deviceId, name, rid, timeoutMs));
                });
            }
            case "res" -> {
                return parseResponse(topic, TopicKind.COMMAND_RESPONSE, deviceId, levels,
                        "{root}/{id}/commands/res/{status}/{rid}");
            }
            default -> {
                return reject("topic " + Printable.quote(topic) + " is not a command topic of the protocol", null,
                        deviceId, null);
            }
        }
    }

    private TopicParseResult parseResponse(String topic, TopicKind kind, String deviceId, List<String> levels,
            String shape) {
        if (levels.size() != 5) {
            return reject(wrongShape(topic, shape), kind, deviceId, null);
        }
        return ridThen(topic, kind, deviceId, levels.get(4), rid -> {
            String status = levels.get(3);
            if (!STATUS.matcher(status).matches()) {
                return reject("topic " + Printable.quote(topic) + ": the status must be a decimal integer from 0 to "
                        + "999999999 without sign or leading zeros", kind, deviceId, rid);
            }
            return TopicParseResult.valid(ThingsProTopic.response(kind, deviceId, Integer.parseInt(status), rid));
        });
    }

    private interface RidContinuation {
        TopicParseResult with(String rid);
    }

    private static TopicParseResult ridThen(String topic, TopicKind kind, String deviceId, String rid,
            RidContinuation next) {
        Optional<String> problem = Identifiers.ridProblem(rid);
        if (problem.isPresent()) {
            return reject("topic " + Printable.quote(topic) + ": " + problem.get(), kind, deviceId, null);
        }
        return next.with(rid);
    }

    private static String wrongShape(String topic, String shape) {
        return "topic " + Printable.quote(topic) + " does not have the shape " + shape;
    }

    private static TopicParseResult reject(String reason) {
        return TopicParseResult.rejected(reason, null, null, null);
    }

    private static TopicParseResult reject(String reason, TopicKind kind, String deviceId, String rid) {
        return TopicParseResult.rejected(reason, kind, deviceId, rid);
    }

    // ---------------------------------------------------------------- helpers

    private String topic(String deviceId, String... levels) {
        StringBuilder b = new StringBuilder(prefix).append(Identifiers.requireDeviceId(deviceId));
        for (String level : levels) {
            b.append('/').append(level);
        }
        String topic = b.toString();
        int bytes = utf8Length(topic);
        if (bytes > MAX_TOPIC_BYTES) {
            throw new IllegalArgumentException("topic would be " + bytes + " bytes long; MQTT allows "
                    + MAX_TOPIC_BYTES + " (too many or too long message properties?)");
        }
        return topic;
    }

    private static String statusLevel(int status) {
        if (status < 0) {
            throw new IllegalArgumentException("a status in a topic must not be negative: " + status);
        }
        return Integer.toString(status);
    }

    private static String positiveLevel(String what, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(what + " must be at least 1: " + value);
        }
        return Long.toString(value);
    }

    /** The value of a canonical positive decimal that fits a {@code long}, or -1. */
    private static long parsePositive(String s) {
        if (!POSITIVE.matcher(s).matches()) {
            return -1;
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return -1; // 19 digits above Long.MAX_VALUE
        }
    }

    /** Splits at '/', stopping once there are more levels than any protocol topic has. */
    private static List<String> split(String s) {
        List<String> levels = new ArrayList<>(MAX_LEVELS + 1);
        int start = 0;
        while (levels.size() <= MAX_LEVELS) {
            int slash = s.indexOf('/', start);
            if (slash < 0) {
                levels.add(s.substring(start));
                break;
            }
            levels.add(s.substring(start, slash));
            start = slash + 1;
        }
        return levels;
    }

    /** Wildcards, control characters and unpaired surrogates have no place in a topic name. */
    private static Optional<String> characterProblem(String topic) {
        for (int i = 0; i < topic.length(); i++) {
            char c = topic.charAt(i);
            if (c == '+' || c == '#') {
                return Optional.of("topic " + Printable.quote(topic) + " contains the wildcard '" + c + "' at index " + i
                        + "; topic names cannot");
            }
            if (Character.isISOControl(c)) {
                return Optional.of("topic " + Printable.quote(topic) + " contains the control character U+"
                        + String.format("%04X", (int) c) + " at index " + i);
            }
            if (Character.isHighSurrogate(c) && i + 1 < topic.length() && Character.isLowSurrogate(topic.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return Optional.of("topic " + Printable.quote(topic) + " contains an unpaired surrogate at index " + i);
            }
        }
        return Optional.empty();
    }

    private static int utf8Length(String s) {
        // Exact for well-formed strings; an unpaired surrogate counts as the '?' it would become.
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** What is wrong with a topic root, or empty when it is usable. */
    public static Optional<String> rootProblem(String root) {
        if (root == null || root.isEmpty()) {
            return Optional.of("topic root is empty");
        }
        if (root.length() > MAX_ROOT_LENGTH) {
            return Optional.of("topic root is longer than " + MAX_ROOT_LENGTH + " characters");
        }
        if (root.startsWith("$")) {
            return Optional.of("topic root must not start with '$' (reserved by brokers)");
        }
        for (String level : root.split("/", -1)) {
            Optional<String> problem = Identifiers.topicLevelProblem("a level of the topic root", level);
            if (problem.isPresent()) {
                return problem;
            }
        }
        return Optional.empty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ThingsProTopics t && t.root.equals(root);
    }

    @Override
    public int hashCode() {
        return Objects.hash(root);
    }

    @Override
    public String toString() {
        return "ThingsProTopics[root=" + root + "]";
    }
}
