package io.dmkit.emulator.internal.azure;

import com.google.gson.JsonObject;
import io.dmkit.emulator.AuthKind;
import io.dmkit.emulator.CommandResult;
import io.dmkit.emulator.Device;
import io.dmkit.emulator.Dialect;
import io.dmkit.emulator.EmulatorException;
import io.dmkit.emulator.TelemetryMessage;
import io.dmkit.emulator.TwinDocument;
import io.dmkit.emulator.internal.cloud.CloudDialect;
import io.dmkit.emulator.internal.cloud.CloudLink;
import io.dmkit.emulator.internal.cloud.ConnectAttempt;
import io.dmkit.emulator.internal.cloud.ConnectionTracker;
import io.dmkit.emulator.internal.cloud.InboundPublish;
import io.dmkit.emulator.internal.cloud.Json;
import io.dmkit.emulator.internal.cloud.PendingCommands;
import io.dmkit.emulator.internal.cloud.Refusal;
import io.dmkit.emulator.internal.cloud.TelemetryLog;
import io.dmkit.transport.azure.protocol.AzureTopic;
import io.dmkit.transport.azure.protocol.AzureTopics;
import io.dmkit.transport.azure.protocol.PropertyBag;
import io.dmkit.transport.azure.protocol.SasToken;
import io.dmkit.wire.json.StrictJson;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cloud side of Azure IoT Hub's device MQTT API ({@code protocols.md} §2): CONNECT checks (client
 * id = device id, the user name with api-version, SAS tokens or X.509, TLS only), the connection
 * closed when its token expires, twin GET and reported PATCH, desired patches pushed with their
 * {@code $version}, direct methods, and telemetry with its property bag decoded.
 *
 * <p>IoT Hub is not a broker: every publish of a device is consumed here, and answers go to the one
 * connection of the device (its client id is the device id), since the topics carry no device id.
 */
public final class AzureDialect implements CloudDialect {

    private static final Logger LOG = LoggerFactory.getLogger(AzureDialect.class);
    /** D2C messages: 256 KB. */
    static final int MAX_TELEMETRY_BYTES = 256 * 1024;
    /** Direct method request and response payloads: 128 KB. */
    static final int MAX_METHOD_BYTES = 128 * 1024;
    private static final Pattern METHOD_NAME = Pattern.compile("[^/#+\\p{Cntrl}]{1,128}");

    private final CloudLink link;
    private final ScheduledExecutorService executor;
    private final TelemetryLog telemetry;
    private final ConnectionTracker connections;
    private final Clock clock;
    private final Duration twinLatency;
    private final AzureConnectCheck connectCheck;
    private final AzureTwins twins = new AzureTwins();
    private final PendingCommands methods;
    private final AtomicLong requestIds = new AtomicLong();
    /** The expiry of each device's newest SAS connection: an older token's timer must not close a newer one. */
    private final Map<String, Instant> tokenExpiry = new ConcurrentHashMap<>();
    private final Map<String, Instant> throttledUntil = new ConcurrentHashMap<>();

    /**
     * @param twinLatency how long the hub takes to answer a twin GET or reported PATCH; IoT Hub takes
     *        milliseconds to tens of milliseconds, and Microsoft's device SDK 2.5.0 loses an answer that
     *        comes before it has processed the request's PUBACK (see {@code EmulatorOptions#azureTwinLatency})
     */
    public AzureDialect(CloudLink link, ScheduledExecutorService executor, TelemetryLog telemetry,
            ConnectionTracker connections, Clock clock, Duration twinLatency) {
        this.link = link;
        this.executor = executor;
        this.telemetry = telemetry;
        this.connections = connections;
        this.clock = clock;
        this.twinLatency = twinLatency;
        this.connectCheck = new AzureConnectCheck(clock);
        this.methods = new PendingCommands(executor);
    }

    @Override
    public Dialect dialect() {
        return Dialect.AZURE;
    }

    @Override
    public Optional<Refusal> authenticate(Device device, ConnectAttempt attempt) {
        return connectCheck.check(device, attempt);
    }

    @Override
    public boolean maySubscribe(Device device, String clientId, String topicFilter) {
        return topicFilter.equals(AzureTopics.TWIN_RESPONSE_FILTER)
                || topicFilter.equals(AzureTopics.DESIRED_PATCH_FILTER)
                || topicFilter.equals(AzureTopics.METHOD_REQUEST_FILTER)
                || topicFilter.equals(AzureTopics.cloudToDeviceFilter(device.id()));
    }

    @Override
    public boolean mayPublish(Device device, String clientId, String topic) {
        String path = AzureTopics.path(topic);
        return topic.startsWith(AzureTopics.telemetryPrefix(device.id()))
                || path.equals(AzureTopics.TWIN_GET)
                || path.equals(AzureTopics.TWIN_REPORTED)
                || (path.startsWith(AzureTopics.METHOD_RESPONSE_PREFIX) && path.endsWith("/"));
    }

    @Override
    public void connected(Device device, String clientId, ConnectAttempt attempt) {
        if (device.auth() != AuthKind.SAS) {
            return;
        }
        Instant expiry = SasToken.parse(new String(attempt.password().orElseThrow(), StandardCharsets.UTF_8)).expiry();
        tokenExpiry.put(device.id(), expiry);
        scheduleExpiryCheck(device.id(), expiry);
    }

    private void scheduleExpiryCheck(String deviceId, Instant expiry) {
        long delay = Math.max(0, Duration.between(clock.instant(), expiry).toMillis());
        executor.schedule(() -> closeIfExpired(deviceId, expiry), delay, TimeUnit.MILLISECONDS);
    }

    /** The timer runs on the monotonic clock, the token on the wall clock: check again if early. */
    private void closeIfExpired(String deviceId, Instant expiry) {
        if (!expiry.equals(tokenExpiry.get(deviceId)) || !connections.isConnected(deviceId)) {
            return; // a newer connection (with a newer token) or none at all
        }
        if (clock.instant().isBefore(expiry)) {
            scheduleExpiryCheck(deviceId, expiry);
            return;
        }
        LOG.info("the SAS token of {} expired at {}: closing its connection", deviceId, expiry);
        link.disconnect(deviceId);
    }

    @Override
    public void disconnected(Device device, String clientId) {
        if (!connections.isConnected(device.id())) {
            methods.failDevice(device.id(), new CommandResult(404, Json.error("the device disconnected")));
        }
    }

    @Override
    public boolean inbound(Device device, String clientId, InboundPublish publish) {
        String topic = publish.topic();
        String path = AzureTopics.path(topic);
        if (topic.startsWith(AzureTopics.telemetryPrefix(device.id()))) {
            receiveTelemetry(device, clientId, publish);
        } else if (path.equals(AzureTopics.TWIN_GET)) {
            Optional<String> rid = rid(device, topic);
            rid.ifPresent(r -> answerLater(() -> answerTwinGet(device, r)));
        } else if (path.equals(AzureTopics.TWIN_REPORTED)) {
            Optional<String> rid = rid(device, topic);
            rid.ifPresent(r -> answerLater(() -> answerReported(device, r, publish.payload())));
        } else if (path.startsWith(AzureTopics.METHOD_RESPONSE_PREFIX)) {
            receiveMethodResponse(device, topic, publish.payload());
        }
        return true;
    }

    private void receiveTelemetry(Device device, String clientId, InboundPublish publish) {
        if (publish.payload().length > MAX_TELEMETRY_BYTES) {
            LOG.info("closing {}: a telemetry message of {} bytes is over IoT Hub's 256 KB", device.id(),
                    publish.payload().length);
            link.disconnect(clientId);
            return;
        }
        String bag = publish.topic().substring(AzureTopics.telemetryPrefix(device.id()).length());
        Map<String, String> properties;
        try {
            properties = PropertyBag.decode(bag);
        } catch (IllegalArgumentException e) {
            LOG.info("closing {}: its telemetry property bag is not URL-encoded ({})", device.id(), e.getMessage());
            link.disconnect(clientId);
            return;
        }
        telemetry.record(device.id(), new TelemetryMessage(publish.topic(), publish.payload(), properties,
                clock.instant()));
    }

    /** Twin answers wait {@link #twinLatency} on the cloud thread (none by default). */
    private void answerLater(Runnable answer) {
        if (twinLatency.isZero()) {
            executor.execute(answer);
        } else {
            executor.schedule(answer, twinLatency.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private Optional<String> rid(Device device, String topic) {
        String rid;
        try {
            rid = AzureTopics.query(topic).get("$rid");
        } catch (IllegalArgumentException e) {
            // a malformed percent escape or bytes that are not UTF-8: no $rid to answer to
            LOG.info("ignored a twin request of {} with a malformed property bag ({}): {}", device.id(), e.getMessage(),
                    topic);
            return Optional.empty();
        }
        if (rid == null || rid.isEmpty()) {
            LOG.info("ignored a twin request of {} without $rid: {}", device.id(), topic);
            return Optional.empty();
        }
        return Optional.of(rid);
    }

    private void answerTwinGet(Device device, String rid) {
        if (throttled(device)) {
            respond(device, AzureTopics.twinResponse(429, rid, OptionalLong.empty()), Json.error("throttled"));
            return;
        }
        respond(device, AzureTopics.twinResponse(200, rid, OptionalLong.empty()), twins.deviceView(device.id()));
    }

    private void answerReported(Device device, String rid, byte[] payload) {
        if (throttled(device)) {
            respond(device, AzureTopics.twinResponse(429, rid, OptionalLong.empty()), Json.error("throttled"));
            return;
        }
        try {
            long version = twins.patchReported(device.id(), AzureTwinRules.parsePatch(payload));
            respond(device, AzureTopics.twinResponse(204, rid, OptionalLong.of(version)), "");
        } catch (StrictJson.Rejection rejection) {
            LOG.info("rejected a reported patch of {} with {}: {}", device.id(), rejection.status(),
                    rejection.getMessage());
            respond(device, AzureTopics.twinResponse(rejection.status(), rid, OptionalLong.empty()),
                    Json.error(rejection.getMessage()));
        }
    }

    private boolean throttled(Device device) {
        Instant until = throttledUntil.get(device.id());
        return until != null && clock.instant().isBefore(until);
    }

    private void respond(Device device, String topic, String body) {
        link.publishToClient(device.id(), topic, body.getBytes(StandardCharsets.UTF_8), 1)
                .whenComplete((delivered, failure) -> {
                    if (failure != null || !Boolean.TRUE.equals(delivered)) {
                        LOG.info("the answer {} to {} was not delivered: {}", topic, device.id(),
                                failure != null ? failure.toString() : "it is not subscribed to $iothub/twin/res/#");
                    }
                });
    }

    private void receiveMethodResponse(Device device, String topic, byte[] payload) {
        AzureTopic response;
        try {
            response = AzureTopics.parse(topic);
        } catch (IllegalArgumentException e) {
            LOG.info("ignored a method response of {}: {}", device.id(), e.getMessage());
            return;
        }
        int status = response.status().orElseThrow();
        String rid = response.rid().orElseThrow();
        if (!methods.deviceOf(rid).filter(device.id()::equals).isPresent()) {
            LOG.info("ignored a method response of {} for unknown or finished request {}", device.id(), rid);
            return;
        }
        if (payload.length > MAX_METHOD_BYTES) {
            methods.complete(rid, new CommandResult(413, Json.error("the device's reply is over 128 KB")));
            return;
        }
        methods.complete(rid, new CommandResult(status, Json.replyPayload(new String(payload, StandardCharsets.UTF_8))));
    }

    @Override
    public void removed(String deviceId) {
        twins.forget(deviceId);
        telemetry.forget(deviceId);
        tokenExpiry.remove(deviceId);
        throttledUntil.remove(deviceId);
        methods.failDevice(deviceId, new CommandResult(404, Json.error("the device was removed")));
    }

    @Override
    public TwinDocument twin(Device device) {
        return twins.document(device.id());
    }

    @Override
    public long patchDesired(Device device, String patchJson) {
        JsonObject patch;
        long version;
        try {
            patch = AzureTwinRules.parsePatch(patchJson.getBytes(StandardCharsets.UTF_8));
            version = twins.patchDesired(device.id(), patch);
        } catch (StrictJson.Rejection rejection) {
            throw new EmulatorException(rejection.status(), rejection.getMessage());
        }
        if (connections.isConnected(device.id())) {
            byte[] body = AzureTwins.withVersion(patch, version).toString().getBytes(StandardCharsets.UTF_8);
            link.publishToClient(device.id(), AzureTopics.desiredPatch(version), body, 1);
        }
        return version;
    }

    @Override
    public CompletableFuture<CommandResult> invoke(Device device, String command, String payloadJson, Duration timeout) {
        if (!METHOD_NAME.matcher(command).matches()) {
            throw new EmulatorException(400, "invalid method name '" + command + "'");
        }
        byte[] payload = payloadJson == null ? new byte[0] : payloadJson.getBytes(StandardCharsets.UTF_8);
        if (payload.length > MAX_METHOD_BYTES) {
            throw new EmulatorException(413, "the method payload is over 128 KB");
        }
        if (!connections.isConnected(device.id())) {
            return CompletableFuture.completedFuture(new CommandResult(404,
                    Json.error("device '" + device.id() + "' is not online")));
        }
        String rid = Long.toHexString(requestIds.incrementAndGet());
        CompletableFuture<CommandResult> result = methods.start(rid, device.id(), timeout);
        // Methods go out at QoS 0, as IoT Hub sends them: a device that is not subscribed gets nothing.
        link.publishToClient(device.id(), AzureTopics.methodRequest(command, rid), payload, 0)
                .whenComplete((delivered, failure) -> {
                    if (failure != null || !Boolean.TRUE.equals(delivered)) {
                        methods.complete(rid, new CommandResult(404, Json.error("device '" + device.id()
                                + "' is not subscribed to direct methods")));
                    }
                });
        return result;
    }

    @Override
    public List<TelemetryMessage> messages(Device device, int limit) {
        return telemetry.latest(device.id(), limit);
    }

    @Override
    public void throttleTwin(Device device, Instant until) {
        throttledUntil.put(device.id(), until);
    }

    @Override
    public void close() {
        methods.failAll(new CommandResult(503, Json.error("the emulator is stopping")));
    }
}
