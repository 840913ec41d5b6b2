package io.dmkit.transport.aws.internal;

import io.dmkit.api.CommandResponse;
import io.dmkit.api.DmMessage;
import io.dmkit.api.DmResult;
import io.dmkit.api.SessionConfig;
import io.dmkit.api.spi.Transport;
import io.dmkit.api.spi.TransportException;
import io.dmkit.api.spi.context.IncomingCommand;
import io.dmkit.api.spi.context.TransportContext;
import io.dmkit.api.spi.context.TransportListener;
import io.dmkit.transport.aws.protocol.AwsTopics;
import io.dmkit.transport.aws.protocol.ShadowOperation;
import io.dmkit.transport.mqtt.MqttConnection;
import io.dmkit.transport.mqtt.MqttReasons;
import io.dmkit.transport.mqtt.PublishPacer;
import io.dmkit.transport.mqtt.RateLimiter;
import io.dmkit.transport.mqtt.TopicRequests;
import io.dmkit.transport.mqtt.v5.Mqtt5Client;
import io.dmkit.transport.mqtt.v5.Mqtt5Reasons;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One session's side of AWS IoT Core (docs/clouds/aws.md) over MQTT 5: the device shadow as the twin,
 * AWS IoT Commands as commands, telemetry with user properties. It parses what arrives and correlates
 * shadow answers by client token; it never runs application code (the core does, on its own threads).
 *
 * <p>Every publish, whatever it carries, goes through one {@link PublishPacer}, which keeps the
 * connection within AWS's 100 publishes per second and within the server's Receive Maximum of
 * unacknowledged publishes, twin requests and command answers ahead of telemetry.
 */
final class AwsTransport implements Transport, MqttConnection.Handler<MqttMessage> {

    private static final Logger LOG = LoggerFactory.getLogger(AwsTransport.class);

    private final String session;
    private final AwsSettings settings;
    private final TransportListener listener;
    private final MqttConnection<MqttMessage> connection;
    private final PublishPacer pacer;
    private final ConnectFailureHints hints;
    private final TopicRequests<ShadowAnswer> shadowRequests;

    AwsTransport(SessionConfig config, AwsSettings settings, TransportContext context) {
        this.session = config.name();
        this.settings = settings;
        this.listener = context.listener();
        this.shadowRequests = new TopicRequests<>(config.operationTimeout(), context.scheduler());
        this.connection = new MqttConnection<>(session, settings::connectSettings, context.scheduler(), Mqtt5Client::new,
                this);
        this.pacer = new PublishPacer(new RateLimiter(AwsSettings.PUBLISHES_PER_SECOND, Duration.ofSeconds(1),
                System::nanoTime), PublishPacer.Timer.of(context.scheduler()));
        this.hints = new ConnectFailureHints(settings.thingName, settings.clientId, settings.identity,
                Clock.systemUTC());
    }

    @Override
    public CompletionStage<Void> connect() {
        return connection.connect().handle((v, error) -> {
            if (error != null) {
                throw new CompletionException(hints.explain(error));
            }
            // AWS announces 100; a smaller server (the emulator's HiveMQ: 10) is kept to as well.
            pacer.maxInFlight(Math.min(AwsSettings.MAX_INFLIGHT, connection.inFlightWindow()));
            return v;
        });
    }

    @Override
    public CompletionStage<Void> disconnect() {
        endOfConnection("disconnected");
        return connection.disconnect();
    }

    @Override
    public void close() {
        endOfConnection("closed");
        connection.close();
    }

    /** Nothing meant for a connection may wait for, or leave on, the next one. */
    private void endOfConnection(String why) {
        shadowRequests.failAll(why);
        pacer.failAll(() -> TransportException.notConnected(session + " " + why + " before the publish left"));
    }

    // ---- twin = device shadow ----

    @Override
    public CompletionStage<String> requestTwin() {
        return shadowRequest(ShadowOperation.GET, ShadowTwin::getRequest).thenApply(answer -> {
            switch (answer.response()) {
                case GET_ACCEPTED -> {
                    try {
                        return ShadowTwin.twin(answer.body());
                    } catch (IllegalArgumentException e) {
                        throw new CompletionException(TransportException.status(502, "the shadow service sent an "
                                + "unusable shadow document: " + e.getMessage()));
                    }
                }
                case GET_REJECTED -> {
                    if (answer.code() == 404) {
                        // No shadow yet: the empty twin; the first update creates the shadow.
                        return ShadowTwin.emptyTwin();
                    }
                    throw new CompletionException(TransportException.status(answer.code(), "the shadow service "
                            + "refused the get of shadow " + settings.shadow.displayName() + ": " + answer.message()));
                }
                default -> throw new CompletionException(TransportException.status(502, "unexpected answer "
                        + answer.response().suffix() + " to a get"));
            }
        });
    }

    @Override
    public CompletionStage<DmResult> sendReported(byte[] json) {
        CompletableFuture<ShadowAnswer> update;
        try {
            update = shadowRequest(ShadowOperation.UPDATE, token -> ShadowTwin.reportedUpdate(json, token));
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(DmResult.of(400, "reported patch unusable: " + e.getMessage()));
        }
        return update.thenApply(answer -> switch (answer.response()) {
            case UPDATE_ACCEPTED -> answer.version().isPresent() ? DmResult.accepted(answer.version().getAsLong())
                    : DmResult.accepted();
            case UPDATE_REJECTED -> DmResult.of(answer.code(), "the shadow service refused the reported update ("
                    + answer.code() + "): " + answer.message());
            default -> DmResult.of(502, "unexpected answer " + answer.response().suffix() + " to an update");
        });
    }

    /**
     * @param request the request document for a client token
     * @throws IllegalArgumentException if {@code request} cannot make the document; nothing is sent
     */
    private CompletableFuture<ShadowAnswer> shadowRequest(ShadowOperation operation, Function<String, byte[]> request) {
        String topic = AwsTopics.shadowRequest(settings.shadow, operation);
        return shadowRequests.send(token -> publishControl(topic, request.apply(token), "the shadow "
                + operation.stub()));
    }

    // ---- telemetry ----

    @Override
    public CompletionStage<DmResult> publish(DmMessage message) {
        Optional<String> tooLarge = TelemetryMessage.tooLarge(message, AwsSettings.MAX_MESSAGE_BYTES);
        if (tooLarge.isPresent()) {
            return CompletableFuture.completedFuture(DmResult.of(DmResult.TOO_LARGE, tooLarge.get()));
        }
        MqttMessage mqtt = TelemetryMessage.encode(message);
        return pacer.submit(PublishPacer.Lane.TELEMETRY, () -> connection.publish(settings.telemetryTopic, mqtt))
                .thenApply(code -> {
                    int status = Mqtt5Reasons.publishStatus(code);
                    return status == 0 ? DmResult.accepted() : DmResult.of(status, "AWS IoT refused the message (PUBACK "
                            + Mqtt5Reasons.describe(code) + "); check that the policy allows iot:Publish on "
                            + settings.telemetryTopic);
                });
    }

    @Override
    public int maxMessageBytes() {
        return AwsSettings.MAX_MESSAGE_BYTES;
    }

    // ---- commands ----

    @Override
    public CompletionStage<Void> sendCommandResponse(String requestId, CommandResponse response) {
        return answerExecution(requestId, ExecutionReply.of(response));
    }

    private CompletableFuture<Void> answerExecution(String executionId, byte[] body) {
        return publishControl(AwsTopics.commandResponse(settings.thingName, executionId), body, "the answer to "
                + "execution " + executionId);
    }

    /**
     * Publishes a twin request or a command answer ahead of telemetry; fails with the PUBACK's status when
     * AWS IoT refuses it.
     */
    private CompletableFuture<Void> publishControl(String topic, byte[] payload, String what) {
        return pacer.submit(PublishPacer.Lane.CONTROL, () -> connection.publish(topic, qos1(payload)))
                .thenApply(code -> {
                    int status = Mqtt5Reasons.publishStatus(code);
                    if (status != 0) {
                        throw new CompletionException(TransportException.status(status, what + " was refused (PUBACK "
                                + Mqtt5Reasons.describe(code) + "); check that the policy allows iot:Publish on "
                                + topic));
                    }
                    return null;
                });
    }

    // ---- from the network (Paho's callback thread) ----

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        if (message.isRetained()) {
            // AWS retains nothing on these topics: a retained request would be a stale replay.
            LOG.warn("{}: ignoring a retained message on {}", session, topic);
            return;
        }
        byte[] payload = message.getPayload();
        Optional<AwsTopics.ShadowNotice> notice = AwsTopics.parseShadowResponse(topic)
                .filter(n -> n.key().equals(settings.shadow));
        if (notice.isPresent()) {
            shadowNotice(notice.get(), payload);
            return;
        }
        Optional<AwsTopics.Execution> request = AwsTopics.parseCommandRequest(topic)
                .filter(e -> e.thing().equals(settings.thingName));
        if (request.isPresent()) {
            executionRequested(request.get().executionId(), payload, message.getProperties());
            return;
        }
        Optional<AwsTopics.Execution> refused = AwsTopics.parseCommandRejected(topic)
                .filter(e -> e.thing().equals(settings.thingName));
        if (refused.isPresent()) {
            LOG.warn("{}: AWS IoT refused the answer to command execution {}: {}", session, refused.get().executionId(),
                    new String(payload, StandardCharsets.UTF_8));
            return;
        }
        LOG.warn("{}: ignoring a message on an unexpected topic: {}", session, topic);
    }

    private void shadowNotice(AwsTopics.ShadowNotice notice, byte[] payload) {
        switch (notice.response()) {
            case UPDATE_DELTA -> {
                ShadowTwin.DesiredPatch patch;
                try {
                    patch = ShadowTwin.desiredPatch(payload);
                } catch (IllegalArgumentException e) {
                    LOG.warn("{}: ignoring an unusable shadow delta: {}", session, e.getMessage());
                    return;
                }
                listener.desiredPatch(patch.json(), patch.version());
            }
            case GET_ACCEPTED, GET_REJECTED, UPDATE_ACCEPTED, UPDATE_REJECTED -> {
                ShadowAnswer answer = ShadowAnswer.read(notice.response(), payload);
                // Other clients of the thing get these too: only our tokens complete our requests.
                boolean ours = answer.clientToken().map(t -> shadowRequests.complete(t, answer)).orElse(false);
                if (!ours) {
                    LOG.debug("{}: {} for another client or a request no longer waited "
                            + "for; ignored", session, notice.response().suffix());
                }
            }
            default -> LOG.debug("{}: ignoring shadow {}", session, notice.response().suffix());
        }
    }

    private void executionRequested(String executionId, byte[] payload, MqttProperties properties) {
        IncomingCommand command;
        try {
            command = ExecutionRequest.parse(executionId, payload,
                    properties == null ? null : properties.getMessageExpiryInterval());
        } catch (ExecutionRequest.MalformedException e) {
            LOG.warn("{}: rejecting command execution {}: {}", session, executionId, e.getMessage());
            answerExecution(executionId, ExecutionReply.malformed(e.getMessage())).whenComplete((v, error) -> {
                if (error != null) {
                    LOG.warn("{}: the rejection of execution {} was not sent: {}", session, executionId,
                            error.getMessage());
                }
            });
            return;
        }
        listener.commandReceived(command);
    }

    @Override
    public void connectionLost(MqttReasons.Diagnosis diagnosis) {
        endOfConnection("lost its connection");
        listener.connectionLost(diagnosis.reason(), diagnosis.detail());
    }

    private static MqttMessage qos1(byte[] payload) {
        return new MqttMessage(payload, 1, false, new MqttProperties());
    }

    @Override
    public String toString() {
        return "AwsTransport[" + session + ", " + settings + "]";
    }
}
