package io.dmkit.emulator;

import com.google.gson.JsonObject;
import io.dmkit.emulator.internal.aws.AwsDialect;
import io.dmkit.emulator.internal.azure.AzureDialect;
import io.dmkit.emulator.internal.broker.BrokerListeners;
import io.dmkit.emulator.internal.broker.CloudExtension;
import io.dmkit.emulator.internal.broker.FreePorts;
import io.dmkit.emulator.internal.broker.HiveBroker;
import io.dmkit.emulator.internal.broker.HiveCloudLink;
import io.dmkit.emulator.internal.broker.KeyStores;
import io.dmkit.emulator.internal.broker.Thumbprints;
import io.dmkit.emulator.internal.cloud.CloudDialect;
import io.dmkit.emulator.internal.cloud.ConnectionTracker;
import io.dmkit.emulator.internal.cloud.TelemetryLog;
import io.dmkit.emulator.internal.dps.Provisioning;
import io.dmkit.emulator.internal.dps.ProvisioningHub;
import io.dmkit.emulator.internal.fleet.FleetProvisioning;
import io.dmkit.emulator.internal.http.HttpApi;
import io.dmkit.emulator.internal.registry.DeviceIds;
import io.dmkit.emulator.internal.registry.DeviceRegistry;
import io.dmkit.emulator.internal.thingspro.ThingsProDialect;
import io.dmkit.pki.ClientCredentials;
import io.dmkit.pki.KeyKind;
import io.dmkit.pki.LocalPki;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local device-management service: an embedded HiveMQ CE broker whose extension plays the
 * cloud side of ThingsPro, Azure IoT Hub and AWS IoT Core, a device registry kept in the state
 * directory, and a REST API with a page. Start it with {@link #start(EmulatorOptions)}; close it to
 * stop every listener and thread it started.
 *
 * <p>HiveMQ keeps its extension services in static fields: run one emulator per class loader at a time.
 */
public final class Emulator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Emulator.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
    /** In the state directory while the emulator runs: where it listens (see {@link #writeEndpointsFile}). */
    public static final String ENDPOINTS_FILE = "endpoints.json";

    private final LocalPki pki;
    private final DeviceRegistry registry;
    private final ConnectionTracker connections;
    private final HiveCloudLink link;
    private final Map<Dialect, CloudDialect> dialects = new EnumMap<>(Dialect.class);
    private final ScheduledThreadPoolExecutor cloud;
    private Endpoints endpoints;
    private FleetProvisioning fleet;
    private HiveBroker broker;
    private HttpApi http;
    private Provisioning provisioning;
    private boolean closed;

    private Emulator(LocalPki pki, DeviceRegistry registry) {
        this.pki = pki;
        this.registry = registry;
        this.connections = new ConnectionTracker(Clock.systemUTC());
        this.link = new HiveCloudLink();
        this.cloud = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "dmkit-emulator-cloud");
            thread.setDaemon(true);
            return thread;
        });
        cloud.setRemoveOnCancelPolicy(true);
    }

    /**
     * Starts the emulator. On first start in a state directory it creates a CA and a server
     * certificate for {@code localhost}/127.0.0.1 there.
     *
     * @throws IOException if a port is taken or the state directory cannot be used; nothing is left running
     */
    public static Emulator start(EmulatorOptions options) throws IOException {
        Path stateDir = Files.createDirectories(options.stateDir().toAbsolutePath());
        boolean newCa = !Files.exists(stateDir.resolve("pki").resolve("ca.key"));
        LocalPki pki = LocalPki.openOrCreate(stateDir.resolve("pki"), "dmkit emulator CA");
        if (newCa) {
            LOG.info("created the emulator CA: devices trust {}", pki.caCert());
        }
        Emulator emulator = new Emulator(pki, DeviceRegistry.open(stateDir.resolve("devices.json")));
        try {
            emulator.startParts(options, stateDir);
            return emulator;
        } catch (IOException | RuntimeException e) {
            emulator.close();
            throw e;
        }
    }

    private void startParts(EmulatorOptions options, Path stateDir) throws IOException {
        TelemetryLog telemetry = new TelemetryLog();
        dialects.put(Dialect.AZURE, new AzureDialect(link, cloud, telemetry, connections, Clock.systemUTC(),
                options.azureTwinLatency()));
        dialects.put(Dialect.AWS, new AwsDialect(link, cloud, telemetry, connections));

        char[] storePassword = Base64.getEncoder().encodeToString(randomBytes(18)).toCharArray();
        Path brokerDir = stateDir.resolve("broker");
        Path keyStore = brokerDir.resolve("server.p12");
        Path trustStore = brokerDir.resolve("trust.p12");
        KeyStores.writeKeyStore(keyStore, storePassword, pki.serverPrivateKey(), pki.serverCertificate(),
                pki.caCertificate());
        KeyStores.writeTrustStore(trustStore, storePassword, pki.caCertificate());
        String bind = options.bindAddress();
        BrokerListeners listeners;
        try (FreePorts ports = new FreePorts()) {
            listeners = new BrokerListeners(bind, ports.orFree("127.0.0.1", 0), ports.orFree(bind, options.mqttPort()),
                    ports.orFree(bind, options.mqttTlsPort()), ports.orFree(bind, options.webSocketTlsPort()),
                    keyStore, trustStore, storePassword);
        }
        provisioning = Provisioning.open(stateDir, pki, new Hub(), link, cloud, Clock.systemUTC());
        fleet = FleetProvisioning.open(stateDir.resolve("provisioning"), pki, registry, link, cloud,
                this::disconnectAll, Clock.systemUTC());
        broker = HiveBroker.start(brokerDir, listeners, new CloudExtension(registry,
                device -> dialects.get(device.dialect()), connections, link, List.of(provisioning.endpoint()),
                fleet.connections()));

        dialects.put(Dialect.THINGSPRO, ThingsProDialect.connect(listeners.internalPort(), cloud));

        http = HttpApi.start(this, bind, options.httpPort());
        endpoints = new Endpoints("localhost", listeners.mqttPort(), listeners.mqttTlsPort(),
                listeners.webSocketTlsPort(), http.port(), pki.caCert(), stateDir);
        writeEndpointsFile(stateDir.resolve(ENDPOINTS_FILE));
        LOG.info("emulator running: {}", endpoints);
    }

    /**
     * Writes where the emulator listens, for programs that start it as a process with free ports
     * (tests, the distribution): {@code {"host","mqttPort","mqttTlsPort","webSocketTlsPort","httpPort",
     * "caCertificate"}}. Removed again by {@link #close()}.
     */
    private void writeEndpointsFile(Path file) throws IOException {
        JsonObject json = new JsonObject();
        json.addProperty("host", endpoints.host());
        json.addProperty("mqttPort", endpoints.mqttPort());
        json.addProperty("mqttTlsPort", endpoints.mqttTlsPort());
        json.addProperty("webSocketTlsPort", endpoints.webSocketTlsPort());
        json.addProperty("httpPort", endpoints.httpPort());
        json.addProperty("caCertificate", endpoints.caCertificate().toString());
        Path temporary = file.resolveSibling(ENDPOINTS_FILE + ".tmp");
        Files.writeString(temporary, json.toString());
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public Endpoints endpoints() {
        return endpoints;
    }

    /** AWS IoT fleet provisioning by claim: its claims, templates and registrations. */
    public FleetProvisioning fleetProvisioning() {
        return fleet;
    }

    /**
     * Adds a device, or replaces the one with that id, and issues its credentials: a new symmetric
     * key (SAS) or password (PASSWORD), or a certificate signed by the emulator's CA (X509). Replacing
     * a device closes its connection.
     *
     * @throws EmulatorException 400 for an invalid id or an auth kind the dialect does not accept
     */
    public Device registerDevice(String id, Dialect dialect, AuthKind auth) {
        return registerDevice(id, dialect, auth, null);
    }

    /**
     * Like {@link #registerDevice(String, Dialect, AuthKind)} with a key chosen by the caller (SAS: base64
     * of at least 16 bytes; PASSWORD: 8 to 256 characters); {@code null} issues one.
     */
    public Device registerDevice(String id, Dialect dialect, AuthKind auth, String key) {
        DeviceIds.require(id);
        if (!auth.allowedFor(dialect)) {
            throw new EmulatorException(400, "a " + dialect.id() + " device cannot use " + auth.id()
                    + " authentication");
        }
        if (key != null && auth != AuthKind.SAS && auth != AuthKind.PASSWORD) {
            throw new EmulatorException(400, "only sas and password devices take a key");
        }
        Device device = switch (auth) {
            case SAS -> new Device(id, dialect, auth, key == null ? base64(32) : checkSasKey(key), null, null, null);
            case PASSWORD -> new Device(id, dialect, auth, key == null ? base64(18) : checkPassword(key), null, null,
                    null);
            case NONE -> new Device(id, dialect, auth, null, null, null, null);
            case X509 -> {
                ClientCredentials credentials = pki.client(id, KeyKind.RSA_PKCS8);
                yield new Device(id, dialect, auth, null, credentials.cert(), credentials.key(),
                        Thumbprints.sha256(credentials.certificate()));
            }
        };
        store(device);
        LOG.info("registered {}", device);
        return device;
    }

    /** Adds the device or replaces the one with its id: that one's connection is closed, its twin kept if the dialect stays. */
    private void store(Device device) {
        Optional<Device> previous = registry.get(device.id());
        registry.put(device);
        previous.ifPresent(old -> {
            disconnectAll(device.id());
            if (old.dialect() != device.dialect()) {
                dialect(old).removed(device.id());
            }
        });
    }

    /** The Device Provisioning Service (Azure DPS) that assigns devices to this emulator's IoT Hub. */
    public Provisioning provisioning() {
        return provisioning;
    }

    public List<Device> devices() {
        return registry.all();
    }

    public Optional<Device> device(String id) {
        return registry.get(id);
    }

    /** Removes the device, closes its connection and forgets its twin and messages. False if unknown. */
    public boolean removeDevice(String id) {
        Optional<Device> removed = registry.remove(id);
        removed.ifPresent(device -> {
            disconnectAll(id);
            dialect(device).removed(id);
            connections.forget(id);
            LOG.info("removed {}", device);
        });
        return removed.isPresent();
    }

    /** @throws EmulatorException 404 for an unknown device */
    public TwinDocument twin(String id) {
        Device device = known(id);
        return dialect(device).twin(device);
    }

    /**
     * Merges a JSON patch into the desired properties and pushes it to the device if connected.
     *
     * @return the new desired version
     * @throws EmulatorException 404 unknown device, 400 not a JSON object, 413 over the twin limit
     */
    public long patchDesired(String id, String patchJson) {
        Device device = known(id);
        return dialect(device).patchDesired(device, patchJson);
    }

    /**
     * Invokes a command on the device; completes once: 404 offline, 504 no reply within {@code timeout},
     * else the device's status and reply.
     *
     * @throws EmulatorException 404 unknown device, 400 an invalid name, payload or timeout
     */
    public CompletableFuture<CommandResult> invoke(String id, String command, String payloadJson, Duration timeout) {
        Device device = known(id);
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new EmulatorException(400, "the command timeout must be more than 0 and at most 300 s");
        }
        return dialect(device).invoke(device, command, payloadJson, timeout);
    }

    /** The latest telemetry of the device, oldest first. @throws EmulatorException 404 unknown device */
    public List<TelemetryMessage> messages(String id, int limit) {
        Device device = known(id);
        return dialect(device).messages(device, limit);
    }

    /** @throws EmulatorException 404 unknown device */
    public ConnectionInfo connection(String id) {
        known(id);
        return connections.info(id);
    }

    /** @throws EmulatorException 404 unknown device */
    public void inject(String id, Fault fault) {
        Device device = known(id);
        if (fault instanceof Fault.RefuseConnects refuse) {
            connections.refuseUntil(id, Clock.systemUTC().instant().plus(refuse.duration()));
            disconnectAll(id);
        } else if (fault instanceof Fault.ThrottleTwin throttle) {
            dialect(device).throttleTwin(device, Clock.systemUTC().instant().plus(throttle.duration()));
        } else {
            disconnectAll(id);
        }
        LOG.info("fault for {}: {}", id, fault);
    }

    /** Stops the REST API, the broker (closing every device connection) and every thread. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (http != null) {
            http.close();
        }
        dialects.values().forEach(CloudDialect::close);
        if (broker != null) {
            broker.close();
        }
        cloud.shutdownNow();
        if (endpoints != null) {
            try {
                Files.deleteIfExists(endpoints.stateDir().resolve(ENDPOINTS_FILE));
            } catch (IOException e) {
                LOG.warn("cannot remove " + ENDPOINTS_FILE + ": " + e.getMessage());
            }
        }
        try {
            cloud.awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "Emulator[" + endpoints + "]";
    }

    /** Closes every connection of the device (an AWS thing's client ids need not be its name). */
    private void disconnectAll(String id) {
        connections.clientIds(id).forEach(link::disconnect);
    }

    /**
     * The hub DPS assigns devices to: the Azure dialect's registry, at {@code 127.0.0.1} (the host of the
     * hub's connection strings: Microsoft's SDK wants a dot in it, and the server certificate names it).
     */
    private final class Hub implements ProvisioningHub {

        @Override
        public String hostName() {
            return "127.0.0.1";
        }

        @Override
        public Optional<Device> device(String id) {
            return registry.get(id);
        }

        @Override
        public void put(Device device) {
            store(device);
        }
    }

    private Device known(String id) {
        return registry.get(id).orElseThrow(() -> new EmulatorException(404, "unknown device '" + id + "'"));
    }

    private CloudDialect dialect(Device device) {
        CloudDialect dialect = dialects.get(device.dialect());
        if (dialect == null) {
            throw new EmulatorException(503, "the " + device.dialect().id() + " dialect is not running");
        }
        return dialect;
    }

    private static String checkSasKey(String key) {
        try {
            if (Base64.getDecoder().decode(key).length >= 16) {
                return key;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new EmulatorException(400, "a SAS key must be base64 of at least 16 bytes");
    }

    private static String checkPassword(String key) {
        if (key.length() < 8 || key.length() > 256) {
            throw new EmulatorException(400, "a password must have 8 to 256 characters");
        }
        return key;
    }

    private static String base64(int bytes) {
        return Base64.getEncoder().encodeToString(randomBytes(bytes));
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
