package io.dmkit.transport.azure.internal;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.dmkit.api.CommandResponse;
import io.dmkit.api.ConnectionReason;
import io.dmkit.api.DmMessage;
import io.dmkit.api.DmResult;
import io.dmkit.api.SessionConfig;
import io.dmkit.api.spi.IncomingCommand;
import io.dmkit.api.spi.Transport;
import io.dmkit.api.spi.TransportContext;
import io.dmkit.api.spi.TransportException;
import io.dmkit.api.spi.TransportListener;
import io.dmkit.transport.azure.protocol.AzureTopic;
import io.dmkit.transport.azure.protocol.AzureTopics;
import io.dmkit.transport.mqtt.ConnectSettings;
import io.dmkit.transport.mqtt.MqttReasons;
import io.dmkit.transport.mqtt.PahoConnection;
import io.dmkit.transport.mqtt.PendingRequests;
import io.dmkit.wire.text.Printable;
import io.dmkit.wire.text.Utf8;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.eclipse.paho.client.mqttv3.MqttMessage;

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
 * answers on a connection other than the request's. Done here ({@link #renew()}), at 85 % of the
 * token's life: new messages are held; twin requests, commands and their replies finish on the old
 * connection (bounded by the command timeout); then the connection is swapped, held work goes out on
 * the new one, and the desired properties are fetched once more, because IoT Hub does not queue
 * desired patches for a device that is not connected (see {@link DesiredMirror}). If the new
 * connection fails, the core is told the connection was lost and reconnects as usual.
 */
final class AzureTransport implements Transport, PahoConnection.Handler {

    private static final System.Logger LOG = System.getLogger(AzureTransport.class.getName());
    /** How long the renewal may wait beyond the command timeout for replies in progress. */
    private static final Duration DRAIN_MARGIN = Duration.ofSeconds(2);
    /** How often the twin is fetched after a renewal before giving up and reconnecting. */
    private static final int RESYNC_ATTEMPTS = 5;
    private static final byte[] RECONNECTING_REPLY = CommandResponse.error(503, "the device is reconnecting to renew "
            + "its credentials; try again in a moment").payload();

    /** A twin response: status and version from the topic, body from the payload. */
    private record TwinResponse(int status, OptionalLong version, byte[] body) {
    }

    /** One SAS renewal in progress. */
    private static final class Renewal {
        final Instant expiry;
        boolean swapping;
        /** Desired patches that arrived on the new connection before the twin was fetched again. */
        List<DesiredMirror.Patch> heldPatches;

        Renewal(Instant expiry) {
            this.expiry = expiry;
        }
    }

    private final String session;
    private final AzureSettings settings;
    private final TransportListener listener;
    private final ScheduledExecutorService scheduler;
    private final Duration requestTimeout;
    private final PahoConnection connection;
    private final PendingRequests<TwinResponse> twinRequests = new PendingRequests<>();
    private final OperationGate gate = new OperationGate();
    private final DesiredMirror desired = new DesiredMirror();
    /** Orders desired patches handed to the core: the resync patch before those that came after it. */
    private final Object desiredDelivery = new Object();

    // Guarded by this.
    private IssuedToken token;
    private CompletableFuture<Void> pendingConnect;
    private boolean established;
    private ScheduledFuture<?> renewalTimer;
    private Renewal renewal;

    AzureTransport(SessionConfig config, AzureSettings settings, TransportContext context) {
        this.session = config.name();
        this.settings = settings;
        this.listener = context.listener();
        this.scheduler = context.scheduler();
        // The core times operations out too; this only bounds how long a request id is remembered.
        this.requestTimeout = settings.operationTimeout.plusSeconds(5);
        this.connection = new PahoConnection(session, this::nextConnectSettings, scheduler, this);
    }

    /** Called by {@link PahoConnection} before every connection: a fresh token for each one. */
    private ConnectSettings nextConnectSettings() {
        IssuedToken t = settings.credential.token(Instant.now()).orElse(null);
        synchronized (this) {
            token = t;
        }
        return settings.connectSettings(t == null ? null : t.value());
    }

    // ---- connection ----

    @Override
    public CompletionStage<Void> connect() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        synchronized (this) {
            stopRenewal();
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
                scheduleRenewal();
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
            stopRenewal();
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
            stopRenewal();
            t = token;
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

    // ---- SAS renewal ----

    /** Under the lock: renew at 85 % of the token's life, if it can be renewed. */
    private void scheduleRenewal() {
        if (token == null || !settings.credential.renewable()) {
            return;
        }
        Duration life = Duration.between(token.issuedAt(), token.expiry());
        Instant due = token.issuedAt().plus(life.multipliedBy(85).dividedBy(100));
        long delay = Math.max(0, Duration.between(Instant.now(), due).toMillis());
        renewalTimer = scheduler.schedule(this::renew, delay, TimeUnit.MILLISECONDS);
    }

    /** Under the lock. */
    private void stopRenewal() {
        if (renewalTimer != null) {
            renewalTimer.cancel(false);
            renewalTimer = null;
        }
        renewal = null;
    }

    /** The token is due: hold new messages and wait (bounded) for what is in flight, then swap. */
    private void renew() {
        Renewal r;
        synchronized (this) {
            if (!established || renewal != null || token == null) {
                return;
            }
            r = new Renewal(token.expiry());
            renewal = r;
            renewalTimer = null;
        }
        Duration untilExpiry = Duration.between(Instant.now(), r.expiry);
        Duration bound = settings.commandTimeout.plus(DRAIN_MARGIN);
        Duration half = untilExpiry.dividedBy(2);
        if (half.compareTo(bound) < 0) {
            bound = half.isNegative() ? Duration.ZERO : half;
        }
        LOG.log(Level.INFO, "{0}: renewing the SAS token (expires {1}): holding new messages, finishing what is in "
                + "flight (at most {2} ms), then reconnecting", session, r.expiry, bound.toMillis());
        CompletableFuture<Void> drained = gate.drain();
        ScheduledFuture<?> deadline = scheduler.schedule(() -> swap(r, true), bound.toMillis(), TimeUnit.MILLISECONDS);
        drained.thenRun(() -> {
            deadline.cancel(false);
            // Not on the thread that completed the last operation (a Paho thread): disconnecting joins Paho's threads.
            scheduler.execute(() -> swap(r, false));
        });
    }

    private void swap(Renewal r, boolean deadlinePassed) {
        synchronized (this) {
            if (renewal != r || r.swapping) {
                return;
            }
            r.swapping = true;
        }
        if (deadlinePassed) {
            int left = gate.forceSwap();
            LOG.log(Level.WARNING, "{0}: renewing the SAS token with {1} operation(s) still in flight: replies to "
                    + "commands that arrived before now are dropped (IoT Hub answers their callers when the "
                    + "connection closes) and unacknowledged messages are sent again", session, left);
        }
        // Requests in flight would never be answered on the new connection: the core retries them (503).
        twinRequests.failAll("reconnecting to renew the SAS token");
        connection.disconnect()
                .thenCompose(v -> {
                    // Under the lock, so that a disconnect() or close() of the core either comes first (and
                    // the renewal stops here) or comes after and closes the new connection.
                    synchronized (this) {
                        if (renewal != r) {
                            return CompletableFuture.<Void>failedFuture(TransportException.notConnected("renewal "
                                    + "abandoned"));
                        }
                        return connection.connect();
                    }
                })
                .whenComplete((v, error) -> swapped(r, error));
    }

    /** Runs on the thread that completed the new connection (Paho's), before any message it delivers. */
    private void swapped(Renewal r, Throwable error) {
        if (error != null) {
            synchronized (this) {
                if (renewal != r) {
                    return; // disconnected, closed or lost meanwhile: nothing to report
                }
                established = false;
                stopRenewal();
            }
            runAll(gate.reset());
            twinRequests.failAll("reconnecting failed");
            TransportException failure = AzureReasons.connectFailed(error, settings);
            LOG.log(Level.WARNING, "{0}: reconnecting with a new SAS token failed ({1}: {2})", session,
                    failure.reason(), failure.getMessage());
            listener.connectionLost(failure.reason(), "reconnecting with a new SAS token failed: "
                    + failure.getMessage());
            return;
        }
        Instant expiry;
        boolean resync;
        synchronized (this) {
            if (renewal != r) {
                return;
            }
            scheduleRenewal();
            expiry = token.expiry();
            resync = desired.isKnown();
            if (resync) {
                r.heldPatches = new ArrayList<>();
            } else {
                renewal = null;
            }
        }
        List<Runnable> held = gate.open();
        LOG.log(Level.INFO, "{0}: SAS token renewed (the new one expires {1}); {2} held operation(s) go out now",
                session, expiry, held.size());
        runAll(held);
        if (resync) {
            scheduler.execute(() -> resync(r, 0));
        }
    }

    /** Fetches the twin once more and hands the core what changed in desired while reconnecting. */
    private void resync(Renewal r, int attempt) {
        synchronized (this) {
            if (renewal != r) {
                return;
            }
        }
        sendTwinRequest(AzureTopics::twinGet, new byte[0]).whenComplete((response, error) -> {
            Optional<String> twin = response != null && response.status == 200 ? Utf8.decode(response.body)
                    : Optional.empty();
            if (twin.isPresent()) {
                resynced(r, twin.get());
                return;
            }
            String why = response == null ? String.valueOf(error)
                    : response.status == 200 ? "a body that is not UTF-8" : "status " + response.status;
            if (attempt + 1 < RESYNC_ATTEMPTS) {
                long delay = 200L << attempt;
                LOG.log(Level.INFO, "{0}: fetching the twin after the SAS renewal failed ({1}); again in {2} ms",
                        session, why, delay);
                scheduler.schedule(() -> resync(r, attempt + 1), delay, TimeUnit.MILLISECONDS);
                return;
            }
            giveUpResync(r, why);
        });
    }

    private void resynced(Renewal r, String twin) {
        synchronized (desiredDelivery) {
            List<DesiredMirror.Patch> later;
            synchronized (this) {
                if (renewal != r) {
                    return;
                }
                later = r.heldPatches;
                renewal = null;
            }
            desired.adopt(twin).ifPresent(patch -> {
                LOG.log(Level.INFO, "{0}: desired properties changed while reconnecting (now version {1}); handing "
                        + "on the change", session, patch.version());
                listener.desiredPatch(patch.json(), patch.version());
            });
            for (DesiredMirror.Patch p : later) {
                deliverDesired(p.json(), p.version());
            }
        }
    }

    /** Without the twin the core might miss desired changes: let it reconnect, which fetches the twin. */
    private void giveUpResync(Renewal r, String why) {
        synchronized (this) {
            if (renewal != r) {
                return;
            }
            established = false;
            stopRenewal();
        }
        runAll(gate.reset());
        twinRequests.failAll("reconnecting");
        connection.disconnect(); // does not block: this may run on a Paho thread
        String detail = "could not fetch the twin after renewing the SAS token (" + why + "); reconnecting so that no "
                + "desired change is missed";
        LOG.log(Level.WARNING, "{0}: {1}", session, detail);
        listener.connectionLost(ConnectionReason.COMMUNICATION_ERROR, detail);
    }

    // ---- twin ----

    @Override
    public CompletionStage<String> requestTwin() {
        return gate.twin(() -> sendTwinRequest(AzureTopics::twinGet, new byte[0]), this::notConnected)
                .thenApply(r -> {
                    if (r.status != 200) {
                        throw new CompletionException(TransportException.status(r.status, "IoT Hub answered the twin "
                                + "GET with " + r.status + errorText(r.body)));
                    }
                    // JSON is UTF-8: decoding other bytes would invent values IoT Hub never sent.
                    String json = Utf8.decode(r.body).orElseThrow(() -> new CompletionException(
                            TransportException.status(502, "IoT Hub answered the twin GET with a body that is not "
                                    + "UTF-8")));
                    desired.adopt(json);
                    return json;
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

    private CompletableFuture<TwinResponse> sendTwinRequest(Function<String, String> topic,
            byte[] payload) {
        String rid = PendingRequests.newRequestId();
        CompletableFuture<TwinResponse> response = twinRequests.register(rid, requestTimeout, scheduler);
        connection.publish(topic.apply(rid), payload, 1, false).whenComplete((v, e) -> {
            if (e != null) {
                twinRequests.fail(rid, e);
            }
        });
        return response;
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
        return gate.message(() -> connection.publish(topic, payload, 1, false), this::notConnected)
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
            LOG.log(Level.WARNING, "{0}: the reply to request {1} is {2} bytes, over IoT Hub''s 128 KB for direct "
                    + "methods; answering 413 instead", session, requestId, body.length);
            status = 413;
            body = CommandResponse.error(413, "the device's reply is over 128 KB").payload();
        }
        CompletableFuture<Void> sent = connection.publish(AzureTopics.methodResponse(status, requestId), body, 1, false);
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
            LOG.log(Level.WARNING, "{0}: ignoring a message on an unexpected topic ({1}): {2}", session,
                    e.getMessage(), Printable.quote(topic));
            return;
        }
        byte[] payload = message.getPayload();
        switch (t.kind()) {
            case TWIN_RESPONSE -> {
                String rid = t.rid().orElseThrow();
                if (!twinRequests.complete(rid, new TwinResponse(t.status().getAsInt(), t.version(), payload))) {
                    LOG.log(Level.DEBUG, "{0}: twin response for unknown request {1} ignored (late or duplicate)",
                            session, Printable.quote(rid));
                }
            }
            case DESIRED_PATCH -> {
                Optional<String> json = Utf8.decode(payload);
                if (json.isEmpty()) {
                    // JSON is UTF-8: replacing bad bytes would hand on values IoT Hub never set.
                    LOG.log(Level.WARNING, "{0}: ignoring desired patch version {1}: its payload is not UTF-8",
                            session, t.version().getAsLong());
                    return;
                }
                desiredArrived(json.get(), t.version().getAsLong());
            }
            case METHOD_REQUEST -> methodArrived(t.rid().orElseThrow(), t.methodName().orElseThrow(), payload);
            default -> LOG.log(Level.WARNING, "{0}: ignoring a {1} message: devices do not receive them", session,
                    t.kind());
        }
    }

    private void desiredArrived(String json, long version) {
        synchronized (desiredDelivery) {
            synchronized (this) {
                if (renewal != null && renewal.heldPatches != null) {
                    renewal.heldPatches.add(new DesiredMirror.Patch(json, version));
                    return;
                }
            }
            deliverDesired(json, version);
        }
    }

    /** Under {@link #desiredDelivery}. */
    private void deliverDesired(String json, long version) {
        desired.apply(json, version);
        listener.desiredPatch(json, version);
    }

    private void methodArrived(String rid, String name, byte[] payload) {
        if (!gate.commandArrived(rid)) {
            // The connection is being swapped: the handler's reply could not go out on it. Refuse now
            // rather than run a command whose answer would be lost.
            LOG.log(Level.INFO, "{0}: direct method {1} (request {2}) arrived while reconnecting to renew the "
                    + "SAS token; answering 503", session, Printable.quote(name), Printable.quote(rid));
            connection.publish(AzureTopics.methodResponse(503, rid), RECONNECTING_REPLY, 1, false);
            return;
        }
        // IoT Hub does not tell the device the caller's timeout: the session's command timeout applies.
        listener.commandReceived(new IncomingCommand(rid, name, payload, null));
    }

    // ---- helpers ----

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
