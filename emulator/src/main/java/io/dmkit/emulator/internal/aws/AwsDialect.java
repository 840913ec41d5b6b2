package io.dmkit.emulator.internal.aws;

import io.dmkit.emulator.CommandResult;
import io.dmkit.emulator.Device;
import io.dmkit.emulator.Dialect;
import io.dmkit.emulator.TelemetryMessage;
import io.dmkit.emulator.TwinDocument;
import io.dmkit.emulator.internal.cloud.CloudDialect;
import io.dmkit.emulator.internal.cloud.CloudLink;
import io.dmkit.emulator.internal.cloud.ConnectAttempt;
import io.dmkit.emulator.internal.cloud.ConnectionTracker;
import io.dmkit.emulator.internal.cloud.InboundPublish;
import io.dmkit.emulator.internal.cloud.Refusal;
import io.dmkit.emulator.internal.cloud.TelemetryLog;
import io.dmkit.transport.aws.protocol.AwsTopics;
import io.dmkit.wire.text.Printable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cloud side of AWS IoT Core (protocols.md §3): authentication by client certificate, the Device
 * Shadow service (classic and named shadows), AWS IoT Commands, and telemetry on ordinary topics.
 *
 * <ul>
 * <li>A thing is the registry's device; its id is the thing name. It connects over mutual TLS with the
 * certificate issued for it, with any client id (see {@link ClientCertificateCheck}).
 * <li>It may use its own reserved topics and ordinary ones ({@link TopicPolicy}).
 * <li>Every {@code $aws/} publish is consumed, never routed: shadow requests and command responses are
 * served on the cloud thread ({@link ShadowService}, {@link CommandService}), anything else under
 * {@code $aws/} (Jobs, for one) is logged and dropped.
 * <li>Publishes to ordinary topics are telemetry: recorded with their MQTT 5 user properties (and
 * {@code content-type}, if set; a repeated user property keeps its last value) and routed normally.
 * <li>The REST twin is the classic shadow: both versions are the shadow's version; a thing without a
 * shadow shows empty sections at version 0. Injected throttling applies to the device's shadow requests,
 * not to the REST API.
 * </ul>
 */
public final class AwsDialect implements CloudDialect {

    private static final Logger LOG = LoggerFactory.getLogger(AwsDialect.class);

    private final ScheduledExecutorService executor;
    private final TelemetryLog telemetry;
    private final ConnectionTracker connections;
    private final ShadowService shadows;
    private final CommandService commands;

    /**
     * @param link how replies and requests reach devices
     * @param executor the emulator's single cloud thread: requests are served there, deadlines run there
     * @param telemetry where telemetry is recorded
     * @param connections which things are connected (kept by the broker extension)
     */
    public AwsDialect(CloudLink link, ScheduledExecutorService executor, TelemetryLog telemetry,
            ConnectionTracker connections) {
        this.executor = executor;
        this.telemetry = telemetry;
        this.connections = connections;
        LinkPublisher publisher = new LinkPublisher(link);
        this.shadows = new ShadowService(publisher, Clock.systemUTC());
        this.commands = new CommandService(publisher, executor);
    }

    @Override
    public Dialect dialect() {
        return Dialect.AWS;
    }

    @Override
    public Optional<Refusal> authenticate(Device device, ConnectAttempt attempt) {
        return ClientCertificateCheck.check(device, attempt);
    }

    @Override
    public boolean maySubscribe(Device device, String clientId, String topicFilter) {
        boolean allowed = TopicPolicy.maySubscribe(device.id(), topicFilter);
        if (!allowed) {
            LOG.info("AWS subscription of thing {} to {} refused: {}", device.id(), Printable.quote(topicFilter),
                    TopicPolicy.refusalReason(device.id(), topicFilter));
        }
        return allowed;
    }

    @Override
    public boolean mayPublish(Device device, String clientId, String topic) {
        boolean allowed = TopicPolicy.mayPublish(device.id(), topic);
        if (!allowed) {
            LOG.info("AWS publish of thing {} to {} refused: {}", device.id(), Printable.quote(topic),
                    TopicPolicy.refusalReason(device.id(), topic));
        }
        return allowed;
    }

    @Override
    public void connected(Device device, String clientId, ConnectAttempt attempt) {
        // counted by the shared ConnectionTracker
    }

    @Override
    public void disconnected(Device device, String clientId) {
        // counted by the shared ConnectionTracker
    }

    @Override
    public boolean inbound(Device device, String clientId, InboundPublish publish) {
        String topic = publish.topic();
        if (!AwsTopics.isReserved(topic)) {
            telemetry.record(device.id(), new TelemetryMessage(topic, publish.payload(), properties(publish),
                    Instant.now()));
            return false;
        }
        try {
            executor.execute(() -> serve(device.id(), topic, publish.payload()));
        } catch (RejectedExecutionException e) {
            LOG.debug("AWS request on {} dropped: the emulator is stopping", Printable.quote(topic));
        }
        return true;
    }

    @Override
    public void removed(String deviceId) {
        shadows.forget(deviceId);
        commands.forget(deviceId);
        telemetry.forget(deviceId);
    }

    @Override
    public TwinDocument twin(Device device) {
        return shadows.twin(device.id());
    }

    @Override
    public long patchDesired(Device device, String patchJson) {
        return shadows.patchDesired(device.id(), patchJson);
    }

    @Override
    public CompletableFuture<CommandResult> invoke(Device device, String command, String payloadJson,
            Duration timeout) {
        return commands.invoke(device.id(), connections.isConnected(device.id()), command, payloadJson, timeout);
    }

    @Override
    public List<TelemetryMessage> messages(Device device, int limit) {
        return telemetry.latest(device.id(), limit);
    }

    @Override
    public void throttleTwin(Device device, Instant until) {
        shadows.throttle(device.id(), until);
    }

    @Override
    public void close() {
        commands.close();
    }

    private void serve(String thing, String topic, byte[] payload) {
        try {
            Optional<AwsTopics.ShadowRequest> shadowRequest = AwsTopics.parseShadowRequest(topic)
                    .filter(request -> request.key().thing().equals(thing));
            if (shadowRequest.isPresent()) {
                shadows.serve(shadowRequest.get(), payload);
                return;
            }
            Optional<AwsTopics.Execution> commandResponse = AwsTopics.parseCommandResponse(topic)
                    .filter(response -> response.thing().equals(thing));
            if (commandResponse.isPresent()) {
                commands.serve(commandResponse.get(), payload);
                return;
            }
            LOG.info("AWS publish of thing {} to {} dropped: the emulator serves only shadow"
                    + " get/update/delete requests and command responses under $aws/", thing, Printable.quote(topic));
        } catch (RuntimeException e) {
            LOG.warn("AWS request of thing " + thing + " on " + Printable.quote(topic) + " failed", e);
        }
    }

    private static Map<String, String> properties(InboundPublish publish) {
        Map<String, String> properties = new LinkedHashMap<>();
        publish.userProperties().forEach(p -> properties.put(p.getKey(), p.getValue()));
        publish.contentType().ifPresent(type -> properties.put("content-type", type));
        return Collections.unmodifiableMap(properties);
    }
}
