package io.dmkit.transport.azure.internal;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.dmkit.api.CommandResponse;
import io.dmkit.api.ConnectionReason;
import io.dmkit.api.DmMessage;
import io.dmkit.api.DmResult;
import io.dmkit.api.SessionConfig;
import io.dmkit.api.spi.Transport;
import io.dmkit.api.spi.TransportException;
import io.dmkit.api.spi.context.IncomingCommand;
import io.dmkit.api.spi.context.TransportContext;
import io.dmkit.api.spi.context.TransportListener;
import io.dmkit.transport.azure.protocol.AzureTopic;
import io.dmkit.transport.azure.protocol.AzureTopics;
import io.dmkit.transport.mqtt.ConnectSettings;
import io.dmkit.transport.mqtt.Mqtt3Client;
import io.dmkit.transport.mqtt.MqttConnection;
import io.dmkit.transport.mqtt.MqttReasons;
import io.dmkit.transport.mqtt.TopicRequests;
import io.dmkit.wire.text.Printable;
import io.dmkit.wire.text.Utf8;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One session's side of Azure IoT Hub's device MQTT API ({@code protocols.md} §2, {@code
 * docs/clouds/azure.md}): twin GET and reported patches correlated by {@code $rid}, desired patches
 * and direct methods handed to the core, telemetry with its property bag. It parses and correlates;
 * it never runs application code.
 *
 * <p><b>SAS renewal happens inside the transport, invisible to the core.</b> IoT Hub closes a
 * connection when its token expires and allows one connection per device, so a new token means a
 * new connection, break before make. Done by the core (reporting the connection lost), every renewal
 * would show applications a disconnect with a retry delay, deliver the whole twin again, send
 * in-flight messages twice and drop the replies of commands in progress, since the core never
 * answers on a connection other than the request's. Done here, by {@link SasRenewal}: at 85 % of the
 * token's life the connection is swapped for one with a new token while work in flight finishes, new
 * work waits ({@link OperationGate}) and no desired change is missed ({@link DesiredMirror}). This class
 * keeps the wire protocol and what the renewal needs of it ({@link RenewalLink}).
 */
final class AzureTransport implements Transport, MqttConnection.Handler<MqttMessage> {

    private static final Logger LOG = LoggerFactory.getLogger(AzureTransport.class);
    private static final byte[] RECONNECTING_REPLY = CommandResponse.error(503, "the device is reconnecting to renew "
            + "its credentials; try again in a moment").payload();

    /** A twin response: status and version from the topic, body from the payload. */
    private record TwinResponse(int status, OptionalLong version, byte[] body) {
    }

    private final String session;
    private final AzureSettings settings;
    private final TransportListener listener;
    private final ScheduledExecutorService scheduler;
    private final MqttConnection<MqttMessage> connection;
    private final TopicRequests<TwinResponse> twinRequests;
    private final OperationGate gate = new OperationGate();
    private final DesiredMirror desired = new DesiredMirror();
    private final SasRenewal renewal;

    // Guarded by this.
    private CompletableFuture<Void> pendingConnect;
    private boolean established;

    AzureTransport(SessionConfig config, AzureSettings settings, TransportContext context) {
        this.session = config.name();
        this.settings = settings;
        this.listener = context.listener();
        this.scheduler = context.scheduler();
        this.twinRequests = new TopicRequests<>(settings.operationTimeout, scheduler);
        this.connection = new MqttConnection<>(session, this::nextConnectSettings, scheduler, Mqtt3Client::new, this);
        this.renewal = new SasRenewal(session, settings, gate, desired, scheduler, Clock.systemUTC(), new RenewalLink());
    }

    /** Called by {@link MqttConnection} before every connection: a fresh token for each one. */
    private ConnectSettings nextConnectSettings() {
        return settings.connectSettings(renewal.issueToken().map(IssuedToken::value).orElse(null));
    }

    // ---- connection ----

    @Override
    public CompletionStage<Void> connect() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        synchronized (this) {
            renewal.stop();
            established = false;
            if (pendingConnect != null) {
                pendingConnect.completeExceptionally(TransportException.notConnected("superseded by a new connect"));
                pendingConnect = null;
            }
        }
        runAll(gate.reset());
        desired.reset();
        var unusable = settings.credential.unusableAt(Instant.now());
        if (unusable.isPresent()) {
            // Never send a credential that is known to be expired: say what to fix instead.
            done.completeExceptionally(TransportException.connectFailed(ConnectionReason.EXPIRED_CREDENTIAL,
                    unusable.get(), null));
            return done;
        }
        synchronized (this) {
            pendingConnect = done;
        }
        connection.connect().whenComplete((v, error) -> {
            if (error != null) {
                synchronized (this) {
                    if (pendingConnect == done) {
                        pendingConnect = null;
                    }
                }
                done.completeExceptionally(AzureReasons.connectFailed(error, settings));
                return;
            }
            synchronized (this) {
                if (pendingConnect != done || done.isDone()) {
                    return; // superseded, or lost before we got here (completed with the loss)
                }
                pendingConnect = null;
                established = true;
                renewal.start();
            }
            done.complete(null);
        });
        return done;
    }

    @Override
    public CompletionStage<Void> disconnect() {
        end("disconnected");
        return connection.disconnect();
    }

    @Override
    public void close() {
        end("closed");
        connection.close();
    }

    /** Forgets the connection: no renewal, no held or pending work, no report of its loss. */
    private void end(String why) {
        synchronized (this) {
            established = false;
            renewal.stop();
            if (pendingConnect != null) {
                pendingConnect.completeExceptionally(TransportException.notConnected(why));
                pendingConnect = null;
            }
        }
        runAll(gate.reset());
        twinRequests.failAll(why);
    }

    @Override
    public void connectionLost(MqttReasons.Diagnosis diagnosis) {
        boolean wasEstablished;
        CompletableFuture<Void> connecting;
        IssuedToken t;
        synchronized (this) {
            wasEstablished = established;
            established = false;
            connecting = pendingConnect;
            pendingConnect = null;
            renewal.stop();
            t = renewal.token();
        }
        runAll(gate.reset());
        twinRequests.failAll("connection lost");
        MqttReasons.Diagnosis d = AzureReasons.lost(diagnosis, t, settings.credential.renewable(), Instant.now(),
                settings.sasLifetime, settings.deviceId);
        if (wasEstablished) {
            listener.connectionLost(d.reason(), d.detail());
        } else if (connecting != null) {
            // Lost between the subscriptions being granted and connect() completing: that attempt failed.
            connecting.completeExceptionally(TransportException.connectFailed(d.reason(), d.detail(), null));
        }
    }

    // ---- twin ----

    @Override
    public CompletionStage<String> requestTwin() {
        return gate.twin(this::fetchTwin, this::notConnected).thenApply(json -> {
            desired.adopt(json);
            return json;
        });
    }

    /** The twin's JSON, or a failure with IoT Hub's status. */
    private CompletableFuture<String> fetchTwin() {
        return sendTwinRequest(AzureTopics::twinGet, new byte[0]).thenApply(r -> {
            if (r.status != 200) {
                throw new CompletionException(TransportException.status(r.status, "IoT Hub answered the twin GET with "
                        + r.status + errorText(r.body)));
            }
            // JSON is UTF-8: decoding other bytes would invent values IoT Hub never sent.
            return Utf8.decode(r.body).orElseThrow(() -> new CompletionException(TransportException.status(502,
                    "IoT Hub answered the twin GET with a body that is not UTF-8")));
        });
    }

    @Override
    public CompletionStage<DmResult> sendReported(byte[] json) {
        return gate.twin(() -> sendTwinRequest(AzureTopics::twinReported, json), this::notConnected).thenApply(r -> {
            if (r.status / 100 != 2) {
                return DmResult.of(r.status, "IoT Hub refused the reported patch with " + r.status + errorText(r.body));
            }
            return r.version.isPresent() ? DmResult.accepted(r.version.getAsLong()) : DmResult.accepted();
        });
    }

    private CompletableFuture<TwinResponse> sendTwinRequest(Function<String, String> topic, byte[] payload) {
        return twinRequests.send(rid -> publishQos1(topic.apply(rid), payload));
    }

    // ---- telemetry ----

    @Override
    public CompletionStage<DmResult> publish(DmMessage message) {
        String topic;
        try {
            topic = MessagePropertiesTopic.of(settings.deviceId, message.properties());
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(DmResult.of(400, e.getMessage() + "; nothing was sent"));
        }
        long size = MessagePropertiesTopic.size(settings.deviceId, topic, message.payloadSize());
        if (size > AzureSettings.MAX_MESSAGE_BYTES) {
            return CompletableFuture.completedFuture(DmResult.of(DmResult.TOO_LARGE, "the message is " + size
                    + " bytes with its properties (payload " + message.payloadSize() + " bytes), over IoT Hub's limit of "
                    + AzureSettings.MAX_MESSAGE_BYTES + " bytes (256 KB); nothing was sent"));
        }
        byte[] payload = message.payload();
        return gate.message(() -> publishQos1(topic, payload), this::notConnected)
                .thenApply(v -> DmResult.accepted());
    }

    // ---- direct methods ----

    @Override
    public CompletionStage<Void> sendCommandResponse(String requestId, CommandResponse response) {
        int gen = gate.replyLeaving(requestId);
        if (gen < 0) {
            return CompletableFuture.failedFuture(TransportException.notConnected("the connection that carried "
                    + "request " + requestId + " was replaced (SAS renewal or reconnect); IoT Hub has answered its "
                    + "caller already"));
        }
        int status = response.status();
        byte[] body = MethodReplyBody.of(response.payload());
        if (body.length > MethodReplyBody.MAX_BYTES) {
            LOG.warn("{}: the reply to request {} is {} bytes, over IoT Hub's 128 KB for direct "
                    + "methods; answering 413 instead", session, requestId, body.length);
            status = 413;
            body = CommandResponse.error(413, "the device's reply is over 128 KB").payload();
        }
        CompletableFuture<Void> sent = publishQos1(AzureTopics.methodResponse(status, requestId), body);
        sent.whenComplete((v, e) -> gate.done(gen));
        return sent;
    }

    // ---- from the network (Paho's callback thread) ----

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        AzureTopic t;
        try {
            t = AzureTopics.parse(topic);
        } catch (IllegalArgumentException e) {
            LOG.warn("{}: ignoring a message on an unexpected topic ({}): {}", session, e.getMessage(),
                    Printable.quote(topic));
            return;
        }
        byte[] payload = message.getPayload();
        switch (t.kind()) {
            case TWIN_RESPONSE -> {
                String rid = t.rid().orElseThrow();
                if (!twinRequests.complete(rid, new TwinResponse(t.status().getAsInt(), t.version(), payload))) {
                    LOG.debug("{}: twin response for unknown request {} ignored (late or duplicate)", session,
                            Printable.quote(rid));
                }
            }
            case DESIRED_PATCH -> {
                Optional<String> json = Utf8.decode(payload);
                if (json.isEmpty()) {
                    // JSON is UTF-8: replacing bad bytes would hand on values IoT Hub never set.
                    LOG.warn("{}: ignoring desired patch version {}: its payload is not UTF-8", session,
                            t.version().getAsLong());
                    return;
                }
                renewal.desiredArrived(json.get(), t.version().getAsLong());
            }
            case METHOD_REQUEST -> methodArrived(t.rid().orElseThrow(), t.methodName().orElseThrow(), payload);
            default -> LOG.warn("{}: ignoring a {} message: devices do not receive them", session, t.kind());
        }
    }

    private void methodArrived(String rid, String name, byte[] payload) {
        if (!gate.commandArrived(rid)) {
            // The connection is being swapped: the handler's reply could not go out on it. Refuse now
            // rather than run a command whose answer would be lost.
            LOG.info("{}: direct method {} (request {}) arrived while reconnecting to renew the "
                    + "SAS token; answering 503", session, Printable.quote(name), Printable.quote(rid));
            publishQos1(AzureTopics.methodResponse(503, rid), RECONNECTING_REPLY);
            return;
        }
        // IoT Hub does not tell the device the caller's timeout: the session's command timeout applies.
        listener.commandReceived(new IncomingCommand(rid, name, payload, null));
    }

    /** What the SAS renewal does with this transport's connection. */
    private final class RenewalLink implements SasRenewal.Link {
        @Override
        public CompletableFuture<Void> disconnect() {
            return connection.disconnect();
        }

        @Override
        public CompletableFuture<Void> connect() {
            return connection.connect();
        }

        @Override
        public CompletableFuture<String> fetchTwin() {
            return AzureTransport.this.fetchTwin();
        }

        @Override
        public void failRequests(String why) {
            twinRequests.failAll(why);
        }

        @Override
        public void desiredPatch(String json, long version) {
            listener.desiredPatch(json, version);
        }

        @Override
        public void lost(ConnectionReason reason, String detail) {
            end("reconnecting");
            connection.disconnect(); // does not block: this may run on a Paho thread
            listener.connectionLost(reason, detail);
        }
    }

    // ---- helpers ----

    /** Publishes at QoS 1, as IoT Hub takes everything; completes on PUBACK. */
    private CompletableFuture<Void> publishQos1(String topic, byte[] payload) {
        return connection.publish(topic, Mqtt3Client.message(payload, 1, false)).thenApply(pubackCode -> null);
    }

    @Override
    public int maxMessageBytes() {
        return AzureSettings.MAX_MESSAGE_BYTES;
    }

    private Throwable notConnected() {
        return TransportException.notConnected(session + " lost its connection while reconnecting");
    }

    private static void runAll(List<Runnable> work) {
        work.forEach(Runnable::run);
    }

    private static String errorText(byte[] body) {
        try {
            JsonElement e = JsonParser.parseString(new String(body, StandardCharsets.UTF_8));
            if (e.isJsonObject()) {
                JsonObject o = e.getAsJsonObject();
                for (String field : new String[] {"message", "Message", "error", "errorCode"}) {
                    if (o.get(field) != null && o.get(field).isJsonPrimitive()) {
                        return ": " + Printable.quote(o.get(field).getAsString());
                    }
                }
            }
        } catch (RuntimeException e) {
            // no readable error text
        }
        return "";
    }

    @Override
    public String toString() {
        return "AzureTransport[" + session + ", " + settings + "]";
    }
}
