package io.dmkit.transport.azure.protocol;

import java.util.Map;
import java.util.Optional;

/**
 * The MQTT user name of a device ({@code protocols.md} §2.2):
 * {@code <hub host>/<device id>/?api-version=2021-04-12}. The hub host is the IoT hub's own name
 * even when the device connects through a gateway.
 *
 * @param hubHost the IoT hub host name
 * @param deviceId the device id
 * @param query the decoded property bag after {@code ?} ({@code api-version} and others)
 */
public record IotHubUserName(String hubHost, String deviceId, Map<String, String> query) {

    /** The API version dmkit speaks and the emulator checks for. */
    public static final String API_VERSION = "2021-04-12";

    /** The user name a device connects with. */
    public static String of(String hubHost, String deviceId) {
        return hubHost + "/" + deviceId + "/?api-version=" + API_VERSION;
    }

    /**
     * Splits a user name into its parts; empty if it does not have the form
     * {@code <host>/<device id>/?<query>} (a module's {@code <host>/<device>/<module>/?…} included).
     */
    public static Optional<IotHubUserName> parse(String userName) {
        int question = userName.indexOf("/?");
        if (question < 0) {
            return Optional.empty();
        }
        String path = userName.substring(0, question);
        int slash = path.indexOf('/');
        if (slash <= 0 || slash == path.length() - 1 || path.indexOf('/', slash + 1) >= 0) {
            return Optional.empty();
        }
        Map<String, String> query;
        try {
            query = PropertyBag.decode(userName.substring(question + 2));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return Optional.of(new IotHubUserName(path.substring(0, slash), path.substring(slash + 1), query));
    }

    /** Whether the query names an API version, as IoT Hub requires. */
    public boolean hasApiVersion() {
        return query.containsKey("api-version");
    }
}
