package io.dmkit.emulator.internal.broker;

import java.nio.file.Path;

/**
 * The listeners the embedded broker opens, and the TLS material they use.
 *
 * @param bindAddress the address every device-facing listener binds (loopback by default)
 * @param internalPort plain MQTT on 127.0.0.1 for the emulator's own service clients; never exposed
 * @param mqttPort plain MQTT for devices, 0 for none (ThingsPro without TLS)
 * @param mqttTlsPort MQTT over TLS (8883 in the clouds); client certificates optional here, each
 *        dialect decides whether it needs one
 * @param webSocketTlsPort MQTT over secure WebSocket on {@code /$iothub/websocket} (443 at Azure), 0 for none
 * @param keyStore PKCS#12 with the server certificate and key
 * @param trustStore PKCS#12 with the CA that signs device certificates
 * @param storePassword the password of both stores (generated per state directory, never logged)
 */
public record BrokerListeners(String bindAddress, int internalPort, int mqttPort, int mqttTlsPort,
        int webSocketTlsPort, Path keyStore, Path trustStore, char[] storePassword) {

    public static final String INTERNAL = "internal";
    public static final String MQTT = "mqtt";
    public static final String MQTT_TLS = "mqtt-tls";
    public static final String WEBSOCKET_TLS = "wss";
    public static final String WEBSOCKET_PATH = "/$iothub/websocket";

    @Override
    public String toString() {
        return "BrokerListeners[bind=" + bindAddress + ", internal=" + internalPort + ", mqtt=" + mqttPort
                + ", mqtts=" + mqttTlsPort + ", wss=" + webSocketTlsPort + "]";
    }
}
