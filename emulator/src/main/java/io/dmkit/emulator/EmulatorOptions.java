package io.dmkit.emulator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How to start an {@link Emulator}. Port 0 picks a free port (what tests use); the defaults are the
 * standalone emulator's well-known ports.
 */
public final class EmulatorOptions {

    public static final int DEFAULT_MQTT_PORT = 1883;
    public static final int DEFAULT_MQTT_TLS_PORT = 8883;
    public static final int DEFAULT_WEBSOCKET_TLS_PORT = 8443;
    public static final int DEFAULT_HTTP_PORT = 8081;

    private final Path stateDir;
    private final String bindAddress;
    private final int mqttPort;
    private final int mqttTlsPort;
    private final int webSocketTlsPort;
    private final int httpPort;
    private final Duration azureTwinLatency;

    private EmulatorOptions(Builder builder) {
        this.stateDir = Objects.requireNonNull(builder.stateDir, "stateDir");
        this.bindAddress = builder.bindAddress;
        this.mqttPort = builder.mqttPort;
        this.mqttTlsPort = builder.mqttTlsPort;
        this.webSocketTlsPort = builder.webSocketTlsPort;
        this.httpPort = builder.httpPort;
        this.azureTwinLatency = builder.azureTwinLatency;
    }

    /** Options with the default ports, bound to loopback, keeping state in {@code stateDir}. */
    public static Builder builder(Path stateDir) {
        return new Builder(stateDir);
    }

    /** Every port picked free, loopback only: for tests that start several emulators one after another. */
    public static Builder forTests(Path stateDir) {
        return new Builder(stateDir).mqttPort(0).mqttTlsPort(0).webSocketTlsPort(0).httpPort(0);
    }

    public Path stateDir() {
        return stateDir;
    }

    public String bindAddress() {
        return bindAddress;
    }

    public int mqttPort() {
        return mqttPort;
    }

    public int mqttTlsPort() {
        return mqttTlsPort;
    }

    public int webSocketTlsPort() {
        return webSocketTlsPort;
    }

    public int httpPort() {
        return httpPort;
    }

    public Duration azureTwinLatency() {
        return azureTwinLatency;
    }

    @Override
    public String toString() {
        return "EmulatorOptions[state=" + stateDir + ", bind=" + bindAddress + ", mqtt=" + mqttPort + ", mqtts="
                + mqttTlsPort + ", wss=" + webSocketTlsPort + ", http=" + httpPort + "]";
    }

    public static final class Builder {
        private final Path stateDir;
        private String bindAddress = "127.0.0.1";
        private int mqttPort = DEFAULT_MQTT_PORT;
        private int mqttTlsPort = DEFAULT_MQTT_TLS_PORT;
        private int webSocketTlsPort = DEFAULT_WEBSOCKET_TLS_PORT;
        private int httpPort = DEFAULT_HTTP_PORT;
        private Duration azureTwinLatency = Duration.ZERO;

        private Builder(Path stateDir) {
            this.stateDir = stateDir;
        }

        /** The address the device listeners and the HTTP API bind; loopback unless you mean to expose them. */
        public Builder bindAddress(String address) {
            this.bindAddress = Objects.requireNonNull(address, "address");
            return this;
        }

        public Builder mqttPort(int port) {
            this.mqttPort = port(port, "mqttPort");
            return this;
        }

        public Builder mqttTlsPort(int port) {
            this.mqttTlsPort = port(port, "mqttTlsPort");
            return this;
        }

        public Builder webSocketTlsPort(int port) {
            this.webSocketTlsPort = port(port, "webSocketTlsPort");
            return this;
        }

        public Builder httpPort(int port) {
            this.httpPort = port(port, "httpPort");
            return this;
        }

        /**
         * How long the Azure dialect takes to answer a twin GET or reported PATCH (default none). IoT Hub
         * answers in milliseconds to tens of milliseconds; Microsoft's Java device SDK 2.5.0 registers a
         * twin request only when it has processed the request's PUBACK, on another thread, and drops an
         * answer that comes sooner: give it 50 ms when testing that SDK.
         */
        public Builder azureTwinLatency(Duration latency) {
            if (latency.isNegative() || latency.compareTo(Duration.ofSeconds(10)) > 0) {
                throw new IllegalArgumentException("azureTwinLatency must be 0 to 10 s, not " + latency);
            }
            this.azureTwinLatency = latency;
            return this;
        }

        public EmulatorOptions build() {
            return new EmulatorOptions(this);
        }

        private static int port(int port, String name) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException(name + " must be 0 (pick a free port) to 65535, not " + port);
            }
            return port;
        }
    }
}
