package io.dmkit.testing.transport;

import io.dmkit.api.InvalidConfigurationException;
import io.dmkit.api.SessionConfig;

/** Where a session of the test cloud connects, and its topics; checked when the transport is created. */
record TestCloudEndpoint(String serverUri, String deviceId, String topics, int keepAliveSeconds) {

    static TestCloudEndpoint of(SessionConfig config, String prefix) {
        String host = config.host().orElseThrow(() -> new InvalidConfigurationException(SessionConfig.HOST,
                "is required: the broker's host name or address"));
        String device = config.deviceId().orElseThrow(() -> new InvalidConfigurationException(SessionConfig.DEVICE_ID,
                "is required: the MQTT client id and the second topic level"));
        if (device.contains("/") || device.contains("+") || device.contains("#")) {
            throw new InvalidConfigurationException(SessionConfig.DEVICE_ID, "must not contain '/', '+' or '#'");
        }
        int port = config.port() == 0 ? 1883 : config.port();
        return new TestCloudEndpoint("tcp://" + host + ":" + port, device, prefix + "/" + device + "/",
                config.keepAliveSeconds());
    }
}
