package io.dmkit.emulator.internal.http;

import com.google.gson.JsonObject;
import io.dmkit.emulator.AuthKind;
import io.dmkit.emulator.Device;
import io.dmkit.emulator.Endpoints;

/**
 * The {@code "connect"} part of a registration: what a gateway's session needs to reach the device's
 * dialect on this emulator, in each cloud's own terms (an Azure connection string, an AWS endpoint and
 * client id, a ThingsPro broker URI), so the answer of one {@code PUT} can be pasted into a session.
 */
final class ConnectInstructions {

    /** The Azure IoT Hub API version devices name in their MQTT user name. */
    static final String AZURE_API_VERSION = "2021-04-12";

    private ConnectInstructions() {
    }

    static JsonObject of(Device device, Endpoints endpoints) {
        JsonObject connect = new JsonObject();
        connect.addProperty("host", endpoints.host());
        connect.addProperty("caCertificate", endpoints.caCertificate().toAbsolutePath().toString());
        switch (device.dialect()) {
            case THINGSPRO -> connect.addProperty("mqttUri",
                    (device.auth() == AuthKind.NONE ? endpoints.mqttUri() : endpoints.mqttTlsUri()).toString());
            case AZURE -> azure(connect, device, endpoints);
            case AWS -> {
                connect.addProperty("endpoint", endpoints.host());
                connect.addProperty("port", endpoints.mqttTlsPort());
                connect.addProperty("clientId", device.id());
            }
        }
        return connect;
    }

    private static void azure(JsonObject connect, Device device, Endpoints endpoints) {
        connect.addProperty("mqttTlsPort", endpoints.mqttTlsPort());
        connect.addProperty("webSocketUri", endpoints.webSocketUri().toString());
        connect.addProperty("username", endpoints.host() + "/" + device.id() + "/?api-version=" + AZURE_API_VERSION);
        // 127.0.0.1, not localhost: Microsoft's device SDK wants a dot in the host name (it takes the
        // hub's name from what precedes it), and the emulator's server certificate names both.
        String hub = "HostName=127.0.0.1;DeviceId=" + device.id();
        if (device.auth() == AuthKind.SAS) {
            connect.addProperty("connectionString", hub + ";SharedAccessKey=" + device.key());
        } else if (device.auth() == AuthKind.X509) {
            connect.addProperty("connectionString", hub + ";x509=true");
        }
    }
}
