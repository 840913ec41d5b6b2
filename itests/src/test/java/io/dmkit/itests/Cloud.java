package io.dmkit.itests;

import io.dmkit.api.SessionConfig;
import io.dmkit.emulator.thingspro.ServiceOptions;
import io.dmkit.emulator.thingspro.ThingsProService;
import io.dmkit.pki.KeyKind;
import io.dmkit.pki.LocalPki;
import io.dmkit.testing.Mosquitto;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The cloud side of a test: a real Mosquitto with plain, TLS, mutual-TLS and TLS-PSK listeners
 * on free loopback ports, a test PKI, and the emulator's ThingsPro cloud side connected to the broker
 * (installed from the test bundle io.dmkit.testing.thingspro).
 * Builds session configurations that point at each listener.
 */
public final class Cloud implements AutoCloseable {

    /** How a session reaches the broker. */
    public enum Listener { PLAIN, TLS, MUTUAL_TLS, PSK }

    /** Devices allowed on the PSK listener, with their keys. */
    public static final Map<String, String> PSK_KEYS = new LinkedHashMap<>();

    static {
        PSK_KEYS.put("gw-psk", "00112233445566778899aabbccddeeff");
        PSK_KEYS.put("gw-psk-2", "0f1e2d3c4b5a69788796a5b4c3d2e1f0");
    }

    public final Path dir;
    public final LocalPki pki;
    public final Mosquitto broker;
    public final ThingsProService service;

    private Cloud(Path dir, LocalPki pki, Mosquitto broker, ThingsProService service) {
        this.dir = dir;
        this.pki = pki;
        this.broker = broker;
        this.service = service;
    }

    /** Starts a broker and the service in a fresh directory under {@code parent}. */
    public static Cloud start(Path parent) throws Exception {
        Path dir = Files.createTempDirectory(Files.createDirectories(parent), "cloud-");
        LocalPki pki = LocalPki.create(dir.resolve("pki"));
        Mosquitto broker = Mosquitto.builder(dir.resolve("broker")).plainListener().tlsListener(pki)
                .mutualTlsListener(pki).pskListener(PSK_KEYS).start();
        try {
            ThingsProService service = ThingsProService.connect(ServiceOptions.builder(broker.plainUri()).build());
            return new Cloud(dir, pki, broker, service);
        } catch (Exception e) {
            broker.close();
            throw e;
        }
    }

    /** The directory for test files. */
    public static Path testDir() {
        return Path.of(System.getProperty("dmkit.testdir", "target/test-cloud")).toAbsolutePath();
    }

    /** A session configuration for {@code deviceId} on the given listener, with test-friendly timings. */
    public SessionConfig.Builder session(String name, String deviceId, Listener listener) {
        SessionConfig.Builder b = SessionConfig.builder(name).cloudType("thingspro").host("127.0.0.1")
                .deviceId(deviceId).keepAliveSeconds(10)
                .reconnectDelays(Duration.ofMillis(100), Duration.ofSeconds(1))
                .commandTimeout(Duration.ofSeconds(2)).operationTimeout(Duration.ofSeconds(5))
                .connectTimeout(Duration.ofSeconds(5));
        switch (listener) {
            case PLAIN -> b.port(broker.plainPort()).option("security", "none");
            case TLS -> b.port(broker.tlsPort()).option("security", "tls").rootCa(pki.caCert().toString());
            case MUTUAL_TLS -> {
                var client = pki.client(deviceId, KeyKind.EC_PKCS8);
                b.port(broker.mutualTlsPort()).option("security", "tls").rootCa(pki.caCert().toString())
                        .cert(client.cert().toString()).key(client.key().toString());
            }
            case PSK -> b.port(broker.pskPort()).option("security", "psk")
                    .key(PSK_KEYS.getOrDefault(deviceId, "deadbeef"));
            default -> throw new IllegalArgumentException(listener.name());
        }
        return b;
    }

    /** The same as {@link #session} but as ConfigAdmin properties. */
    public Map<String, Object> sessionProperties(String name, String deviceId, Listener listener) {
        SessionConfig c = session(name, deviceId, listener).build();
        Map<String, Object> p = new LinkedHashMap<>();
        p.put(SessionConfig.NAME.id(), c.name());
        p.put(SessionConfig.CLOUD_TYPE.id(), c.cloudType());
        p.put(SessionConfig.HOST.id(), c.host().orElseThrow());
        p.put(SessionConfig.PORT.id(), c.port());
        p.put(SessionConfig.KEEPALIVE.id(), c.keepAliveSeconds());
        p.put(SessionConfig.DEVICE_ID.id(), c.deviceId().orElseThrow());
        c.key().ifPresent(k -> p.put(SessionConfig.KEY.id(), k));
        c.cert().ifPresent(v -> p.put(SessionConfig.CERT.id(), v));
        c.rootCa().ifPresent(v -> p.put(SessionConfig.ROOT_CA.id(), v));
        p.put(SessionConfig.RECONNECT_MIN_DELAY.id(), c.reconnectMinDelay().toMillis());
        p.put(SessionConfig.RECONNECT_MAX_DELAY.id(), c.reconnectMaxDelay().toMillis());
        p.put(SessionConfig.COMMAND_TIMEOUT.id(), (int) c.commandTimeout().toSeconds());
        p.put(SessionConfig.OPERATION_TIMEOUT.id(), (int) c.operationTimeout().toSeconds());
        p.put(SessionConfig.CONNECT_TIMEOUT.id(), (int) c.connectTimeout().toSeconds());
        p.putAll(c.options());
        return p;
    }

    @Override
    public void close() {
        try {
            service.close();
        } finally {
            broker.close();
        }
    }
}
