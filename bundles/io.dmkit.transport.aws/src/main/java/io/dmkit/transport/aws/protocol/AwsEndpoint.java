package io.dmkit.transport.aws.protocol;

import java.util.List;

/**
 * How a device reaches AWS IoT Core's device data endpoint over MQTT with an X.509 certificate
 * (protocols.md §3.1), for every connection a gateway makes there: the thing's (the transport) and the
 * claim's (fleet provisioning). Port 8883, or 443 with ALPN {@value #ALPN_PROTOCOL}, over TLS 1.2.
 */
public final class AwsEndpoint {

    public static final int DEFAULT_PORT = 8883;
    /** MQTT over TLS on 443 needs ALPN: AWS IoT Core tells its protocols apart by it. */
    public static final int ALPN_PORT = 443;
    public static final String ALPN_PROTOCOL = "x-amzn-mqtt-ca";
    /**
     * TLS 1.2, which AWS IoT Core offers on every endpoint. With mutual TLS 1.3 the server checks the
     * client certificate after the client has finished its handshake: a refused certificate then shows
     * as a broken pipe instead of a TLS alert, so the session could not say that the certificate is
     * the problem; and the server dropping the connection at that moment makes Paho's connect thread
     * wait forever for its receiver (eclipse-paho/paho.mqtt.java#850). With TLS 1.2 the refusal is an
     * alert within the handshake, before Paho starts any thread.
     */
    public static final List<String> TLS_VERSIONS = List.of("TLSv1.2");
    public static final int MAX_CLIENT_ID_BYTES = 128;
    public static final int MAX_KEEPALIVE_SECONDS = 1200;

    private AwsEndpoint() {
    }

    /** The port a session connects to: its own, or {@value #DEFAULT_PORT} for 0 (unset). */
    public static int port(int configured) {
        return configured == 0 ? DEFAULT_PORT : configured;
    }

    /** The ALPN protocols the TLS handshake offers on {@code port}: {@value #ALPN_PROTOCOL} on 443, else none. */
    public static List<String> applicationProtocols(int port) {
        return port == ALPN_PORT ? List.of(ALPN_PROTOCOL) : List.of();
    }
}
