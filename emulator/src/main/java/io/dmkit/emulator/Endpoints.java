package io.dmkit.emulator;

import java.net.URI;
import java.nio.file.Path;

/**
 * Where a running emulator listens, with the ports actually bound, and where its files are.
 *
 * @param host the name devices connect to: {@code localhost}, which the server certificate names
 * @param caCertificate the CA certificate (PEM) devices trust and device certificates chain to
 */
public record Endpoints(String host, int mqttPort, int mqttTlsPort, int webSocketTlsPort, int httpPort,
        Path caCertificate, Path stateDir) {

    /** {@code tcp://localhost:<mqttPort>}: ThingsPro devices without TLS. */
    public URI mqttUri() {
        return URI.create("tcp://" + host + ":" + mqttPort);
    }

    /** {@code ssl://localhost:<mqttTlsPort>}. */
    public URI mqttTlsUri() {
        return URI.create("ssl://" + host + ":" + mqttTlsPort);
    }

    /** {@code wss://localhost:<port>/$iothub/websocket}. */
    public URI webSocketUri() {
        return URI.create("wss://" + host + ":" + webSocketTlsPort + "/$iothub/websocket");
    }

    /** {@code http://localhost:<httpPort>}: the REST API and the page. */
    public URI httpUri() {
        return URI.create("http://" + host + ":" + httpPort);
    }
}
