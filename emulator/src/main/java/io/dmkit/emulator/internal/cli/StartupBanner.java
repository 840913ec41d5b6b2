package io.dmkit.emulator.internal.cli;

import io.dmkit.emulator.Endpoints;
import java.util.List;

/** The lines the standalone emulator prints once it listens: where to point a browser and a gateway. */
public final class StartupBanner {

    private StartupBanner() {
    }

    /** @param bindAddress the address the listeners bound, shown when it is not loopback */
    public static List<String> lines(Endpoints endpoints, String bindAddress) {
        String exposed = isLoopback(bindAddress) ? "" : "  (listening on " + bindAddress + ")";
        return List.of(
                "dmkit emulator is running" + exposed,
                "  REST API and page    " + endpoints.httpUri() + "/",
                "  MQTT                 " + endpoints.mqttUri() + "   (ThingsPro without TLS)",
                "  MQTT over TLS        " + endpoints.mqttTlsUri() + "   (ThingsPro, Azure, AWS)",
                "  MQTT over WebSocket  " + endpoints.webSocketUri() + "   (Azure)",
                "  CA certificate       " + endpoints.caCertificate().toAbsolutePath(),
                "  state directory      " + endpoints.stateDir().toAbsolutePath(),
                "Register a device:  curl -X PUT " + endpoints.httpUri() + "/api/devices/gateway-demo"
                        + " -d '{\"dialect\":\"thingspro\",\"auth\":{\"type\":\"none\"}}'",
                "Stop with Ctrl-C.");
    }

    private static boolean isLoopback(String address) {
        return address.equals("localhost") || address.startsWith("127.") || address.equals("::1");
    }
}
