package io.dmkit.emulator.internal.azure;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The IoT Hub MQTT topics of a device and the URL-encoded property bags they carry
 * ({@code $rid}, {@code $version}, telemetry properties).
 */
final class AzureTopics {

    static final String TWIN_GET = "$iothub/twin/GET/";
    static final String TWIN_REPORTED = "$iothub/twin/PATCH/properties/reported/";
    static final String TWIN_DESIRED_PREFIX = "$iothub/twin/PATCH/properties/desired/";
    static final String TWIN_RESPONSE_PREFIX = "$iothub/twin/res/";
    static final String METHOD_REQUEST_PREFIX = "$iothub/methods/POST/";
    static final String METHOD_RESPONSE_PREFIX = "$iothub/methods/res/";

    private AzureTopics() {
    }

    static String telemetryPrefix(String deviceId) {
        return "devices/" + deviceId + "/messages/events/";
    }

    static String cloudToDeviceFilter(String deviceId) {
        return "devices/" + deviceId + "/messages/devicebound/#";
    }

    /** The part before {@code ?}, e.g. {@code $iothub/twin/GET/} of {@code $iothub/twin/GET/?$rid=1}. */
    static String path(String topic) {
        int query = topic.indexOf('?');
        return query < 0 ? topic : topic.substring(0, query);
    }

    /** The property bag after {@code ?}, decoded; empty if there is none. */
    static Map<String, String> query(String topic) {
        int query = topic.indexOf('?');
        return query < 0 ? Map.of() : decodeBag(topic.substring(query + 1));
    }

    /**
     * Decodes {@code k1=v1&k2=v2} (URL encoding); a key without {@code =} has an empty value.
     *
     * @throws IllegalArgumentException for a malformed percent escape
     */
    static Map<String, String> decodeBag(String bag) {
        Map<String, String> properties = new LinkedHashMap<>();
        if (bag.isEmpty()) {
            return properties;
        }
        for (String pair : bag.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String key = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            properties.put(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return properties;
    }

    static String twinResponse(int status, String rid, Optional<Long> version) {
        return TWIN_RESPONSE_PREFIX + status + "/?$rid=" + encode(rid) + version.map(v -> "&$version=" + v).orElse("");
    }

    static String desiredPatch(long version) {
        return TWIN_DESIRED_PREFIX + "?$version=" + version;
    }

    static String methodRequest(String method, String rid) {
        return METHOD_REQUEST_PREFIX + method + "/?$rid=" + encode(rid);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
