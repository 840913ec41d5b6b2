package io.dmkit.transport.thingspro.internal;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.dmkit.api.CommandResponse;
import io.dmkit.api.DmMessage;
import io.dmkit.api.DmResult;
import io.dmkit.api.SessionConfig;
import io.dmkit.api.spi.Transport;
import io.dmkit.api.spi.TransportException;
import io.dmkit.api.spi.context.IncomingCommand;
import io.dmkit.api.spi.context.TransportContext;
import io.dmkit.api.spi.context.TransportListener;
import io.dmkit.transport.mqtt.Mqtt3Client;
import io.dmkit.transport.mqtt.MqttConnection;
import io.dmkit.transport.mqtt.MqttReasons;
import io.dmkit.transport.mqtt.TopicRequests;
import io.dmkit.transport.thingspro.protocol.ThingsProTopic;
import io.dmkit.transport.thingspro.protocol.TopicParseResult;
import io.dmkit.wire.text.Utf8;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One session's side of the ThingsPro DM protocol ({@code docs/protocols/thingspro.md}): parses
 * what arrives, correlates twin responses by request id, and never runs application code (the
 * core does, on its own threads).
 */
final class ThingsProTransport implements Transport, MqttConnection.Handler<MqttMessage> {

    private static final Logger LOG = LoggerFactory.getLogger(ThingsProTransport.class);
    /** How long the offline status may take on a clean disconnect before disconnecting anyway. */
    private static final Duration OFFLINE_STATUS_TIMEOUT = Duration.ofSeconds(1);

    /** A twin response: status from the topic, body from the payload. */
    private record Response(int status, byte[] body) {
    }

    private final String session;
    private final ThingsProSettings settings;
    private final TransportContext context;
    private final TransportListener listener;
    private final MqttConnection<MqttMessage> connection;
    private final TopicRequests<Response> requests;

    ThingsProTransport(SessionConfig config, ThingsProSettings settings, TransportContext context) {
        this.session = config.name();
        this.settings = settings;
        this.context = context;
        this.listener = context.listener();
        this.requests = new TopicRequests<>(config.operationTimeout(), context.scheduler());
        this.connection = new MqttConnection<>(session, settings::connectSettings, context.scheduler(), Mqtt3Client::new,
                this);
    }

    @Override
    public CompletionStage<Void> connect() {
        return connection.connect().thenCompose(v -> publishQos1(settings.topics.status(settings.deviceId),
                ThingsProSettings.StatusPayloads.ONLINE, true));
    }

    @Override
    public CompletionStage<Void> disconnect() {
        requests.failAll("disconnected");
        CompletableFuture<Void> offline = connection.isConnected()
                ? publishQos1(settings.topics.status(settings.deviceId), ThingsProSettings.StatusPayloads.OFFLINE, true)
                : CompletableFuture.completedFuture(null);
        CompletableFuture<Void> bounded = new CompletableFuture<>();
        offline.whenComplete((v, e) -> bounded.complete(null));
        context.scheduler().schedule(() -> bounded.complete(null), OFFLINE_STATUS_TIMEOUT.toMillis(),
                TimeUnit.MILLISECONDS);
        return bounded.thenCompose(v -> connection.disconnect());
    }

    @Override
    public CompletionStage<String> requestTwin() {
        return request(rid -> settings.topics.twinGet(settings.deviceId, rid), new byte[0]).thenApply(r -> {
            if (r.status / 100 != 2) {
                throw new CompletionException(
                        TransportException.status(r.status, "the service answered the twin request with " + r.status
                                + errorText(r.body)));
            }
            // Spec §1: JSON payloads are UTF-8; decoding other bytes would invent values the service never sent.
            return Utf8.decode(r.body).orElseThrow(() -> new CompletionException(
                    TransportException.status(502, "the service answered the twin request with a body that is not "
                            + "UTF-8")));
        });
    }

    @Override
    public CompletionStage<DmResult> sendReported(byte[] json) {
        return request(rid -> settings.topics.twinReported(settings.deviceId, rid), json).thenApply(r -> {
            if (r.status / 100 != 2) {
                return DmResult.of(r.status, "the service refused the reported patch" + errorText(r.body));
            }
            long version = versionOf(r.body);
            return version >= 0 ? DmResult.accepted(version) : DmResult.accepted();
        });
    }

    private CompletableFuture<Response> request(Function<String, String> topic, byte[] payload) {
        return requests.send(rid -> publishQos1(topic.apply(rid), payload, false));
    }

    @Override
    public CompletionStage<DmResult> publish(DmMessage message) {
        String topic;
        try {
            topic = settings.topics.messages(settings.deviceId, message.properties());
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(DmResult.of(400, "message properties unusable: " + e.getMessage()));
        }
        long size = (long) topic.getBytes(StandardCharsets.UTF_8).length + message.payloadSize();
        if (size > ThingsProSettings.MAX_MESSAGE_BYTES) {
            return CompletableFuture.completedFuture(DmResult.of(DmResult.TOO_LARGE, "the message is " + size
                    + " bytes with its topic, over the limit of " + ThingsProSettings.MAX_MESSAGE_BYTES + " bytes"));
        }
        return publishQos1(topic, message.payload(), false).thenApply(v -> DmResult.accepted());
    }

    @Override
    public CompletionStage<Void> sendCommandResponse(String requestId, CommandResponse response) {
        return publishQos1(settings.topics.commandResponse(settings.deviceId, response.status(), requestId),
                response.payload(), false);
    }

    /** Publishes at QoS 1, as everything of this protocol travels; completes on PUBACK. */
    private CompletableFuture<Void> publishQos1(String topic, byte[] payload, boolean retained) {
        return connection.publish(topic, Mqtt3Client.message(payload, 1, retained)).thenApply(pubackCode -> null);
    }

    @Override
    public int maxMessageBytes() {
        return ThingsProSettings.MAX_MESSAGE_BYTES;
    }

    @Override
    public void close() {
        requests.failAll("closed");
        connection.close();
    }

    // ---- from the network (Paho's callback thread) ----

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        TopicParseResult parsed = settings.topics.parse(topic);
        ThingsProTopic t = parsed.topic().orElse(null);
        if (t == null || !settings.deviceId.equals(t.deviceId())) {
            LOG.warn("{}: ignoring a message on an unexpected topic: {}", session,
                    parsed.rejection().orElse("another device's topic"));
            return;
        }
        if (message.isRetained()) {
            // Spec §1: only status is retained; a retained request or command is a stale replay.
            LOG.warn("{}: ignoring a retained {} message: a stale replay", session, t.kind());
            return;
        }
        byte[] payload = message.getPayload();
        switch (t.kind()) {
            case TWIN_RESPONSE -> {
                if (!requests.complete(t.rid(), new Response(t.status(), payload))) {
                    LOG.debug("{}: twin response for unknown request {} ignored (late or "
                            + "duplicate)", session, t.rid());
                }
            }
            case TWIN_DESIRED -> desiredArrived(payload, t.version());
            case COMMAND_REQUEST -> listener.commandReceived(new IncomingCommand(t.rid(), t.commandName(), payload,
                    t.timeoutMs().isPresent() ? Duration.ofMillis(t.timeoutMs().getAsLong()) : null));
            default -> LOG.warn("{}: ignoring a {} message: devices do not receive them", session, t.kind());
        }
    }

    private void desiredArrived(byte[] payload, long version) {
        Optional<String> json = Utf8.decode(payload);
        if (json.isEmpty()) {
            // Spec §1: JSON payloads are UTF-8; replacing bad bytes would hand on values the service never set.
            LOG.warn("{}: ignoring desired patch version {}: its payload is not UTF-8", session, version);
            return;
        }
        listener.desiredPatch(json.get(), version);
    }

    @Override
    public void connectionLost(MqttReasons.Diagnosis diagnosis) {
        requests.failAll("connection lost");
        listener.connectionLost(diagnosis.reason(), diagnosis.detail());
    }

    // ---- response bodies ----

    private static long versionOf(byte[] body) {
        JsonObject o = objectOrNull(body);
        JsonElement v = o == null ? null : o.get("$version");
        try {
            return v != null && v.isJsonPrimitive() ? v.getAsLong() : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String errorText(byte[] body) {
        JsonObject o = objectOrNull(body);
        JsonElement e = o == null ? null : o.get("error");
        return e != null && e.isJsonPrimitive() ? ": " + e.getAsString() : "";
    }

    private static JsonObject objectOrNull(byte[] body) {
        try {
            JsonElement e = JsonParser.parseString(new String(body, StandardCharsets.UTF_8));
            return e.isJsonObject() ? e.getAsJsonObject() : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return "ThingsProTransport[" + session + ", " + settings.serverUri() + ", " + settings.security + "]";
    }
}
