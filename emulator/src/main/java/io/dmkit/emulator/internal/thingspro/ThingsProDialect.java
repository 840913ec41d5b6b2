package io.dmkit.emulator.internal.thingspro;

import io.dmkit.emulator.CommandResult;
import io.dmkit.emulator.Device;
import io.dmkit.emulator.Dialect;
import io.dmkit.emulator.EmulatorException;
import io.dmkit.emulator.TelemetryMessage;
import io.dmkit.emulator.TwinDocument;
import io.dmkit.emulator.internal.broker.Thumbprints;
import io.dmkit.emulator.internal.cloud.CloudDialect;
import io.dmkit.emulator.internal.cloud.ConnectAttempt;
import io.dmkit.emulator.internal.cloud.InboundPublish;
import io.dmkit.emulator.internal.cloud.Json;
import io.dmkit.emulator.internal.cloud.Refusal;
import io.dmkit.emulator.thingspro.ReceivedMessage;
import io.dmkit.emulator.thingspro.ServiceConnectException;
import io.dmkit.emulator.thingspro.ServiceOptions;
import io.dmkit.emulator.thingspro.ThingsProService;
import io.dmkit.emulator.thingspro.TwinRequestType;
import io.dmkit.emulator.thingspro.TwinState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The ThingsPro dialect: the broker routes device topics as any broker would, and the ThingsPro cloud
 * side ({@link ThingsProService}, a client of the broker's internal listener) answers them — the same
 * implementation the tests run against Mosquitto. Here the emulator adds what a broker ACL would: who
 * may connect (password, certificate or none, as registered) and that a device stays within
 * {@code dm/<id>/}.
 */
public final class ThingsProDialect implements CloudDialect {

    /** The cloud side's client id on the internal listener, apart from every device's. */
    private static final String SERVICE_CLIENT_ID = "dmkit-emulator-thingspro";

    private final ThingsProService service;
    private final ScheduledExecutorService executor;
    private final String topicRoot;

    private ThingsProDialect(ThingsProService service, ScheduledExecutorService executor) {
        this.service = service;
        this.executor = executor;
        this.topicRoot = service.options().topicRoot();
    }

    /**
     * Connects the cloud side to the embedded broker's internal (loopback, unauthenticated) listener.
     *
     * @param executor where a twin throttle's end is scheduled
     * @throws IOException if the cloud side cannot connect; nothing is left running then
     */
    public static ThingsProDialect connect(int internalPort, ScheduledExecutorService executor) throws IOException {
        try {
            return new ThingsProDialect(ThingsProService.connect(
                    ServiceOptions.builder("tcp://127.0.0.1:" + internalPort).clientId(SERVICE_CLIENT_ID).build()),
                    executor);
        } catch (ServiceConnectException e) {
            throw new IOException("the ThingsPro cloud side cannot connect to the embedded broker", e);
        }
    }

    @Override
    public Dialect dialect() {
        return Dialect.THINGSPRO;
    }

    @Override
    public Optional<Refusal> authenticate(Device device, ConnectAttempt attempt) {
        if (!attempt.clientId().equals(device.id())) {
            return Optional.of(Refusal.of(Refusal.Code.IDENTIFIER_REJECTED,
                    "the client id must be the device id '" + device.id() + "'"));
        }
        return switch (device.auth()) {
            case NONE -> Optional.empty();
            case PASSWORD -> checkPassword(device, attempt);
            case X509 -> attempt.clientCertificate().map(Thumbprints::sha256).filter(device.thumbprint()::equals)
                    .isPresent() ? Optional.empty()
                            : Optional.of(Refusal.of(Refusal.Code.NOT_AUTHORIZED,
                                    "device '" + device.id() + "' must present its registered client certificate"));
            case SAS -> Optional.of(Refusal.of(Refusal.Code.NOT_AUTHORIZED, "SAS is not a ThingsPro authentication"));
        };
    }

    private static Optional<Refusal> checkPassword(Device device, ConnectAttempt attempt) {
        if (!attempt.tls()) {
            return Optional.of(Refusal.of(Refusal.Code.NOT_AUTHORIZED,
                    "device '" + device.id() + "' sends a password: connect over TLS"));
        }
        boolean userOk = attempt.userName().filter(device.id()::equals).isPresent();
        boolean passwordOk = attempt.password().filter(p -> MessageDigest.isEqual(p,
                device.key().getBytes(StandardCharsets.UTF_8))).isPresent();
        return userOk && passwordOk ? Optional.empty()
                : Optional.of(Refusal.of(Refusal.Code.BAD_USER_NAME_OR_PASSWORD,
                        "wrong user name or password for device '" + device.id()
                                + "' (user name = device id, password = device key)"));
    }

    @Override
    public boolean maySubscribe(Device device, String clientId, String topicFilter) {
        return ownTopic(device, topicFilter);
    }

    @Override
    public boolean mayPublish(Device device, String clientId, String topic) {
        return ownTopic(device, topic);
    }

    private boolean ownTopic(Device device, String topic) {
        return topic.startsWith(topicRoot + "/" + device.id() + "/");
    }

    @Override
    public void connected(Device device, String clientId, ConnectAttempt attempt) {
    }

    @Override
    public void disconnected(Device device, String clientId) {
    }

    @Override
    public boolean inbound(Device device, String clientId, InboundPublish publish) {
        return false;
    }

    @Override
    public void removed(String deviceId) {
        service.clearTwinFaults(deviceId);
    }

    @Override
    public TwinDocument twin(Device device) {
        TwinState twin = service.twin(device.id());
        return new TwinDocument(twin.desired(), twin.desiredVersion(), twin.reported(), twin.reportedVersion());
    }

    @Override
    public long patchDesired(Device device, String patchJson) {
        try {
            return service.updateDesired(device.id(), patchJson);
        } catch (IllegalArgumentException e) {
            throw new EmulatorException(400, e.getMessage());
        }
    }

    @Override
    public CompletableFuture<CommandResult> invoke(Device device, String command, String payloadJson, Duration timeout) {
        byte[] payload = payloadJson == null ? new byte[0] : payloadJson.getBytes(StandardCharsets.UTF_8);
        try {
            return service.invoke(device.id(), command, payload, timeout).thenApply(
                    result -> new CommandResult(result.status(), Json.replyPayload(result.payloadAsString())));
        } catch (IllegalArgumentException e) {
            throw new EmulatorException(400, e.getMessage());
        }
    }

    @Override
    public List<TelemetryMessage> messages(Device device, int limit) {
        List<ReceivedMessage> all = service.messages(device.id());
        return all.subList(Math.max(0, all.size() - limit), all.size()).stream()
                .map(m -> new TelemetryMessage(m.topic(), m.payload(), m.properties(), m.receivedAt()))
                .toList();
    }

    @Override
    public void throttleTwin(Device device, Instant until) {
        for (TwinRequestType type : TwinRequestType.values()) {
            service.failNextTwinRequests(device.id(), type, Integer.MAX_VALUE, 429);
        }
        long delay = Math.max(0, Duration.between(Instant.now(), until).toMillis());
        executor.schedule(() -> service.clearTwinFaults(device.id()), delay, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        service.close();
    }
}
