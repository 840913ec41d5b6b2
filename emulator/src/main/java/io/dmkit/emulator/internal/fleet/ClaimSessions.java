package io.dmkit.emulator.internal.fleet;

import com.google.gson.JsonObject;
import io.dmkit.emulator.internal.broker.Thumbprints;
import io.dmkit.emulator.internal.cloud.ClaimConnections;
import io.dmkit.emulator.internal.cloud.CloudLink;
import io.dmkit.emulator.internal.cloud.ConnectAttempt;
import io.dmkit.emulator.internal.cloud.InboundPublish;
import io.dmkit.emulator.internal.cloud.Json;
import io.dmkit.transport.aws.protocol.FleetProvisioningTopics;
import io.dmkit.wire.text.Printable;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connections of devices that present a claim certificate (on a TLS listener, any client id): the
 * fleet provisioning API's side of the broker. Requests are served on the emulator's cloud thread, and
 * each answer goes to the connection that asked only ({@code publishToClient}): AWS answers "through the
 * same MQTT connection", and other claim holders subscribed to the same answer topics must never see a
 * private key or token meant for someone else.
 */
final class ClaimSessions implements ClaimConnections {

    private static final Logger LOG = LoggerFactory.getLogger(ClaimSessions.class);

    private final ClaimStore claims;
    private final FleetCertificates certificates;
    private final ThingRegistrar registrar;
    private final CloudLink link;
    private final Executor executor;
    /** Connected claim clients: client id → claim id, so removing a claim can close its connections. */
    private final Map<String, String> clients = new ConcurrentHashMap<>();

    ClaimSessions(ClaimStore claims, FleetCertificates certificates, ThingRegistrar registrar, CloudLink link,
            Executor executor) {
        this.claims = claims;
        this.certificates = certificates;
        this.registrar = registrar;
        this.link = link;
        this.executor = executor;
    }

    @Override
    public Optional<String> claim(ConnectAttempt attempt) {
        if (!attempt.tls() || attempt.clientCertificate().isEmpty()) {
            return Optional.empty();
        }
        Optional<String> claim = claims.get(Thumbprints.sha256(attempt.clientCertificate().get()))
                .map(Claim::certificateId);
        claim.ifPresent(id -> clients.put(attempt.clientId(), id));
        return claim;
    }

    @Override
    public boolean maySubscribe(String claimId, String clientId, String topicFilter) {
        boolean allowed = ClaimPolicy.maySubscribe(topicFilter);
        if (!allowed) {
            LOG.info("subscription of client {} (provisioning claim) to {} refused: {}", clientId,
                    Printable.quote(topicFilter), ClaimPolicy.refusalReason());
        }
        return allowed;
    }

    @Override
    public boolean mayPublish(String claimId, String clientId, String topic) {
        boolean allowed = ClaimPolicy.mayPublish(topic);
        if (!allowed) {
            LOG.info("publish of client {} (provisioning claim) to {} refused: {}", clientId, Printable.quote(topic),
                    ClaimPolicy.refusalReason());
        }
        return allowed;
    }

    @Override
    public void inbound(String claimId, String clientId, InboundPublish publish) {
        Optional<FleetProvisioningTopics.Request> request = FleetProvisioningTopics.parseRequest(publish.topic());
        if (request.isEmpty()) {
            return; // mayPublish let only requests through
        }
        try {
            executor.execute(() -> serve(clientId, request.get(), publish.payload()));
        } catch (RejectedExecutionException e) {
            LOG.debug("fleet provisioning request on {} dropped: the emulator is stopping", publish.topic());
        }
    }

    @Override
    public void disconnected(String claimId, String clientId) {
        clients.remove(clientId, claimId);
    }

    /** Closes every connection made with the claim (it was removed). */
    void disconnectAll(String claimId) {
        clients.forEach((clientId, claim) -> {
            if (claim.equals(claimId)) {
                link.disconnect(clientId);
            }
        });
    }

    private void serve(String clientId, FleetProvisioningTopics.Request request, byte[] payload) {
        String topic = request.topic();
        try {
            JsonObject accepted = switch (request.operation()) {
                case CREATE_KEYS_AND_CERTIFICATE -> certificates.createKeysAndCertificate();
                case CREATE_CERTIFICATE_FROM_CSR -> certificates.createFromCsr(payload);
                case REGISTER_THING -> registrar.register(request.template(), payload);
            };
            LOG.info("fleet provisioning request of client {} on {} accepted", clientId, topic);
            reply(clientId, FleetProvisioningTopics.accepted(topic), accepted);
        } catch (RejectedRequest e) {
            LOG.info("fleet provisioning request of client {} on {} rejected: {}", clientId, topic, e.getMessage());
            reply(clientId, FleetProvisioningTopics.rejected(topic), e.rejection().toJson());
        } catch (RuntimeException e) {
            // The device gets no answer (as from a broken service); the emulator's log says why.
            LOG.error("fleet provisioning request of client {} on {} failed", clientId, topic, e);
        }
    }

    private void reply(String clientId, String topic, JsonObject body) {
        CompletableFuture<Boolean> sent;
        try {
            sent = link.publishToClient(clientId, topic, Json.bytes(body), 1);
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        sent.whenComplete((delivered, failure) -> {
            if (failure != null) {
                LOG.warn("could not answer client {} on {}: {}", clientId, topic, failure.toString());
            } else if (!delivered) {
                LOG.info("client {} did not get its answer on {}: it is not subscribed to it (subscribe before"
                        + " publishing the request)", clientId, topic);
            }
        });
    }
}
