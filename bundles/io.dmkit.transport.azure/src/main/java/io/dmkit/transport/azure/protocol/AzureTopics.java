package io.dmkit.transport.azure.protocol;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The topics of IoT Hub's device MQTT API ({@code protocols.md} §2.4–2.7): builders for both
 * directions and one parser. The twin and method topics carry no device id: IoT Hub knows the
 * device from its connection.
 */
public final class AzureTopics {

    public static final String TWIN_GET = "$iothub/twin/GET/";
    public static final String TWIN_REPORTED = "$iothub/twin/PATCH/properties/reported/";
    public static final String TWIN_DESIRED_PREFIX = "$iothub/twin/PATCH/properties/desired/";
    public static final String TWIN_RESPONSE_PREFIX = "$iothub/twin/res/";
    public static final String METHOD_REQUEST_PREFIX = "$iothub/methods/POST/";
    public static final String METHOD_RESPONSE_PREFIX = "$iothub/methods/res/";

    public static final String DESIRED_PATCH_FILTER = TWIN_DESIRED_PREFIX + "#";
    public static final String TWIN_RESPONSE_FILTER = TWIN_RESPONSE_PREFIX + "#";
    public static final String METHOD_REQUEST_FILTER = METHOD_REQUEST_PREFIX + "#";

    private static final String DEVICES = "devices/";
    private static final String EVENTS = "/messages/events/";

    private AzureTopics() {
    }

    /**
     * What a device subscribes to, in this order: desired patches first, so that none is missed
     * between the twin GET and the subscription (the reconnection flow, §2.6), then twin responses,
     * then direct methods.
     */
    public static List<String> deviceSubscriptions() {
        return List.of(DESIRED_PATCH_FILTER, TWIN_RESPONSE_FILTER, METHOD_REQUEST_FILTER);
    }

    // ---- device to hub ----

    /** {@code devices/{id}/messages/events/}: telemetry topics start with this. */
    public static String telemetryPrefix(String deviceId) {
        return DEVICES + deviceId + EVENTS;
    }

    /**
     * The telemetry topic with its property bag.
     *
     * @throws IllegalArgumentException if a property key is empty or has no UTF-8 form
     */
    public static String telemetry(String deviceId, Map<String, String> properties) {
        return telemetryPrefix(deviceId) + PropertyBag.encode(properties);
    }

    public static String cloudToDeviceFilter(String deviceId) {
        return DEVICES + deviceId + "/messages/devicebound/#";
    }

    public static String twinGet(String rid) {
        return TWIN_GET + "?$rid=" + PropertyBag.encodeComponent(rid);
    }

    public static String twinReported(String rid) {
        return TWIN_REPORTED + "?$rid=" + PropertyBag.encodeComponent(rid);
    }

    public static String methodResponse(int status, String rid) {
        return METHOD_RESPONSE_PREFIX + status + "/?$rid=" + PropertyBag.encodeComponent(rid);
    }

    // ---- hub to device ----

    public static String twinResponse(int status, String rid, OptionalLong version) {
        return TWIN_RESPONSE_PREFIX + status + "/?$rid=" + PropertyBag.encodeComponent(rid)
                + (version.isPresent() ? "&$version=" + version.getAsLong() : "");
    }

    public static String desiredPatch(long version) {
        return TWIN_DESIRED_PREFIX + "?$version=" + version;
    }

    public static String methodRequest(String method, String rid) {
        return METHOD_REQUEST_PREFIX + method + "/?$rid=" + PropertyBag.encodeComponent(rid);
    }

    // ---- parsing ----

    /** The part before {@code ?}, e.g. {@code $iothub/twin/GET/} of {@code $iothub/twin/GET/?$rid=1}. */
    public static String path(String topic) {
        int query = topic.indexOf('?');
        return query < 0 ? topic : topic.substring(0, query);
    }

    /**
     * The property bag after {@code ?}, decoded; empty if there is none.
     *
     * @throws IllegalArgumentException for a malformed escape
     */
    public static Map<String, String> query(String topic) {
        int query = topic.indexOf('?');
        return query < 0 ? Map.of() : PropertyBag.decode(topic.substring(query + 1));
    }

    /**
     * Parses a topic of either direction.
     *
     * @throws IllegalArgumentException saying why it is not an IoT Hub topic: an unknown path, a
     *         missing {@code $rid} or {@code $version}, a status or version that is not a number, a
     *         malformed property bag
     */
    public static AzureTopic parse(String topic) {
        Objects.requireNonNull(topic, "topic");
        if (topic.startsWith(DEVICES)) {
            int events = topic.indexOf(EVENTS, DEVICES.length());
            if (events <= DEVICES.length()) {
                throw new IllegalArgumentException("not a telemetry topic (devices/{id}/messages/events/...)");
            }
            String deviceId = topic.substring(DEVICES.length(), events);
            if (deviceId.contains("/")) {
                throw new IllegalArgumentException("not a telemetry topic (devices/{id}/messages/events/...)");
            }
            return new AzureTopic(AzureTopic.Kind.TELEMETRY, Optional.of(deviceId), OptionalInt.empty(),
                    Optional.empty(), OptionalLong.empty(), Optional.empty(),
                    PropertyBag.decode(topic.substring(events + EVENTS.length())));
        }
        String path = path(topic);
        Map<String, String> query = query(topic);
        if (path.equals(TWIN_GET)) {
            return request(AzureTopic.Kind.TWIN_GET, query, OptionalInt.empty(), Optional.empty());
        }
        if (path.equals(TWIN_REPORTED)) {
            return request(AzureTopic.Kind.TWIN_REPORTED, query, OptionalInt.empty(), Optional.empty());
        }
        if (path.equals(TWIN_DESIRED_PREFIX)) {
            return new AzureTopic(AzureTopic.Kind.DESIRED_PATCH, Optional.empty(), OptionalInt.empty(),
                    Optional.empty(), OptionalLong.of(version(query.get("$version"))), Optional.empty(), query);
        }
        if (path.startsWith(TWIN_RESPONSE_PREFIX)) {
            int status = status(segment(path, TWIN_RESPONSE_PREFIX, "twin response"));
            String v = query.get("$version");
            return new AzureTopic(AzureTopic.Kind.TWIN_RESPONSE, Optional.empty(), OptionalInt.of(status),
                    Optional.of(rid(query)), v == null ? OptionalLong.empty() : OptionalLong.of(version(v)),
                    Optional.empty(), query);
        }
        if (path.startsWith(METHOD_RESPONSE_PREFIX)) {
            int status = status(segment(path, METHOD_RESPONSE_PREFIX, "method response"));
            return request(AzureTopic.Kind.METHOD_RESPONSE, query, OptionalInt.of(status), Optional.empty());
        }
        if (path.startsWith(METHOD_REQUEST_PREFIX)) {
            String name = segment(path, METHOD_REQUEST_PREFIX, "method request");
            return request(AzureTopic.Kind.METHOD_REQUEST, query, OptionalInt.empty(), Optional.of(name));
        }
        throw new IllegalArgumentException("not a topic of IoT Hub's device API");
    }

    private static AzureTopic request(AzureTopic.Kind kind, Map<String, String> query, OptionalInt status,
            Optional<String> methodName) {
        return new AzureTopic(kind, Optional.empty(), status, Optional.of(rid(query)), OptionalLong.empty(), methodName,
                query);
    }

    /** The one segment between {@code prefix} and the final {@code /}: a status or a method name. */
    private static String segment(String path, String prefix, String what) {
        String rest = path.substring(prefix.length());
        if (rest.length() < 2 || !rest.endsWith("/") || rest.indexOf('/') != rest.length() - 1) {
            throw new IllegalArgumentException("malformed " + what + " topic: expected " + prefix + "{segment}/?...");
        }
        return rest.substring(0, rest.length() - 1);
    }

    private static String rid(Map<String, String> query) {
        String rid = query.get("$rid");
        if (rid == null || rid.isEmpty()) {
            throw new IllegalArgumentException("the topic has no $rid");
        }
        return rid;
    }

    private static int status(String text) {
        try {
            int status = Integer.parseInt(text);
            if (status < 0) {
                throw new NumberFormatException();
            }
            return status;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the status in the topic is not a number");
        }
    }

    private static long version(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("the topic has no $version");
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the $version in the topic is not a number");
        }
    }
}
