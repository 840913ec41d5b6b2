package io.dmkit.provisioning.azure.protocol;

import io.dmkit.wire.text.PercentCodec;
import io.dmkit.wire.text.Printable;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The Device Provisioning Service over MQTT ({@code docs/clouds/azure.md}, protocols.md §8.1): the device
 * subscribes to {@value #RESPONSE_FILTER}, publishes a registration to {@code $dps/registrations/PUT/
 * iotdps-register/?$rid=…}, and polls {@code $dps/registrations/GET/iotdps-get-operationstatus/?$rid=…
 * &operationId=…} while the service answers 202; every answer comes on {@code $dps/registrations/res/
 * {status}/?$rid=…[&retry-after=…]}.
 */
public final class DpsTopics {

    /** The API version the device speaks, in the user name. */
    public static final String API_VERSION = "2019-03-31";
    public static final String RESPONSE_PREFIX = "$dps/registrations/res/";
    public static final String RESPONSE_FILTER = RESPONSE_PREFIX + "#";
    public static final String REGISTER_PREFIX = "$dps/registrations/PUT/iotdps-register/";
    public static final String OPERATION_STATUS_PREFIX = "$dps/registrations/GET/iotdps-get-operationstatus/";
    /** The name of the key a device's SAS token is signed with. */
    public static final String SAS_KEY_NAME = "registration";

    /** Operation ids are opaque text; written with unreserved characters only. */
    private static final PercentCodec QUERY_VALUES = new PercentCodec("-._~");

    private DpsTopics() {
    }

    /** {@code {idScope}/registrations/{registrationId}/api-version=…}. */
    public static String userName(String idScope, String registrationId) {
        return idScope + "/registrations/" + registrationId + "/api-version=" + API_VERSION;
    }

    /** The resource of a device's SAS token: {@code {idScope}/registrations/{registrationId}}. */
    public static String sasResource(String idScope, String registrationId) {
        return idScope + "/registrations/" + registrationId;
    }

    public static String register(String rid) {
        return REGISTER_PREFIX + "?$rid=" + rid;
    }

    public static String operationStatus(String rid, String operationId) {
        StringBuilder topic = new StringBuilder(OPERATION_STATUS_PREFIX).append("?$rid=").append(rid)
                .append("&operationId=");
        QUERY_VALUES.encode(operationId, "the operation id", topic);
        return topic.toString();
    }

    public static String response(int status, String rid, Optional<Duration> retryAfter) {
        return RESPONSE_PREFIX + status + "/?$rid=" + rid + retryAfter.map(d -> "&retry-after=" + d.toSeconds())
                .orElse("");
    }

    /** An answer of the service: its status, the request it answers and when to ask again. */
    public record Response(int status, String rid, Optional<Duration> retryAfter) {
    }

    /**
     * Parses a response topic.
     *
     * @throws IllegalArgumentException if it is not one
     */
    public static Response parseResponse(String topic) {
        if (!topic.startsWith(RESPONSE_PREFIX)) {
            throw new IllegalArgumentException(Printable.quote(topic) + " is not a DPS response topic");
        }
        String rest = topic.substring(RESPONSE_PREFIX.length());
        int slash = rest.indexOf("/?");
        if (slash < 0) {
            throw new IllegalArgumentException(Printable.quote(topic) + " has no query ($rid)");
        }
        int status;
        try {
            status = Integer.parseInt(rest.substring(0, slash));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(Printable.quote(topic) + " has no numeric status");
        }
        Map<String, String> query = query(rest.substring(slash + 2));
        String rid = query.get("$rid");
        if (rid == null || rid.isEmpty()) {
            throw new IllegalArgumentException(Printable.quote(topic) + " has no $rid");
        }
        return new Response(status, rid, Optional.ofNullable(query.get("retry-after")).map(DpsTopics::seconds));
    }

    /**
     * Parses a request topic's query ({@code $rid}, {@code operationId}).
     *
     * @throws IllegalArgumentException if a value is not percent-encoded text
     */
    public static Map<String, String> query(String text) {
        Map<String, String> query = new LinkedHashMap<>();
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            query.put(PercentCodec.decode(name, "a query name"),
                    eq < 0 ? "" : PercentCodec.decode(pair.substring(eq + 1), "the value of " + Printable.quote(name)));
        }
        return query;
    }

    private static Duration seconds(String text) {
        try {
            long s = Long.parseLong(text);
            return Duration.ofSeconds(Math.max(0, Math.min(s, 3600)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("retry-after " + Printable.quote(text) + " is not a number of seconds");
        }
    }
}
