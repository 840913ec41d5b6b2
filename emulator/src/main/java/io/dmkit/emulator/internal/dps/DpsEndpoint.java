package io.dmkit.emulator.internal.dps;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.dmkit.emulator.internal.cloud.CloudLink;
import io.dmkit.emulator.internal.cloud.ConnectAttempt;
import io.dmkit.emulator.internal.cloud.ConnectionService;
import io.dmkit.emulator.internal.cloud.InboundPublish;
import io.dmkit.emulator.internal.cloud.Json;
import io.dmkit.emulator.internal.cloud.Refusal;
import io.dmkit.wire.json.StrictJson;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DPS's device API over MQTT on the hub's TLS listener ({@code protocols.md} §8.1). A CONNECT whose
 * user name is {@code {idScope}/registrations/{registrationId}/api-version=…} is DPS's; it is accepted
 * when it came over TLS, has that shape and its client id is the registration id. As the real service
 * does, the SAS token or certificate is judged when the device registers: a bad one gets a 401 on
 * {@code $dps/registrations/res/401/?$rid=…}, not a refused CONNACK (a device's MQTT client sees
 * "connected", then the 401 of its register request).
 *
 * <p>A register request answers 202 {@code {"operationId","status":"assigning"}} with
 * {@code retry-after=1}; the assignment (or the disabled / failed state) is decided then, and the poll
 * of the operation answers 200 with the operation status and its {@code registrationState}. Errors
 * carry DPS's error body ({@link DpsError}). While throttled (fault injection) both answer 429 with
 * {@code retry-after}.
 */
final class DpsEndpoint implements ConnectionService {

    private static final Logger LOG = LoggerFactory.getLogger(DpsEndpoint.class);
    static final String NAME = "dps";
    /** What DPS's devices are told to wait before polling, in seconds. */
    static final long POLL_AFTER_SECONDS = 1;

    /** One accepted connection of a device. */
    private record Session(long connection, DpsUserName userName, DpsCredentials credentials) {
    }

    private final CloudLink link;
    private final Executor executor;
    private final Clock clock;
    private final ProvisioningStore store;
    private final AttestationCheck attestation;
    private final HubAssignment assignment;
    private final RegistrationLog log;
    private final Operations operations = new Operations();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private volatile Instant throttledUntil = Instant.MIN;

    DpsEndpoint(CloudLink link, Executor executor, Clock clock, ProvisioningStore store, HubAssignment assignment,
            RegistrationLog log) {
        this.link = link;
        this.executor = executor;
        this.clock = clock;
        this.store = store;
        this.attestation = new AttestationCheck(store, clock);
        this.assignment = assignment;
        this.log = log;
    }

    /** Answer register requests and polls with 429 until {@code until}. */
    void throttleUntil(Instant until) {
        throttledUntil = until;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean claims(ConnectAttempt attempt) {
        return attempt.userName().filter(DpsUserName::looksLikeDps).isPresent();
    }

    @Override
    public Optional<Refusal> authenticate(ConnectAttempt attempt) {
        if (!attempt.tls()) {
            return refuse(Refusal.Code.NOT_AUTHORIZED, "DPS accepts MQTT over TLS only (the MQTT TLS port)");
        }
        String userName = attempt.userName().orElse("");
        Optional<DpsUserName> parsed = DpsUserName.parse(userName);
        if (parsed.isEmpty() || parsed.get().apiVersion().isEmpty()) {
            return refuse(Refusal.Code.BAD_USER_NAME_OR_PASSWORD, "user name '" + userName + "' is not '"
                    + DpsUserName.of("<id scope>", "<registration id>") + "'");
        }
        if (!attempt.clientId().equals(parsed.get().registrationId())) {
            return refuse(Refusal.Code.IDENTIFIER_REJECTED, "the client id must be the registration id '"
                    + parsed.get().registrationId() + "', not '" + attempt.clientId() + "'");
        }
        if (!RegistrationIds.isValid(attempt.clientId())) {
            return refuse(Refusal.Code.IDENTIFIER_REJECTED, "'" + attempt.clientId() + "' is not a valid registration"
                    + " id (1 to 128 of A-Z a-z 0-9 - . _ :, starting and ending with a letter or digit)");
        }
        return Optional.empty();
    }

    @Override
    public void connected(String clientId, long connection, ConnectAttempt attempt) {
        DpsUserName userName = DpsUserName.parse(attempt.userName().orElseThrow()).orElseThrow();
        sessions.put(clientId, new Session(connection, userName,
                DpsCredentials.of(attempt.password(), attempt.clientCertificate())));
    }

    @Override
    public void disconnected(String clientId, long connection) {
        sessions.computeIfPresent(clientId, (id, session) -> session.connection() == connection ? null : session);
    }

    @Override
    public boolean maySubscribe(String clientId, String topicFilter) {
        boolean allowed = topicFilter.equals(DpsTopics.RESPONSE_FILTER);
        if (!allowed) {
            LOG.info("refused the subscription of {} to {}: DPS devices subscribe {} only", clientId, topicFilter,
                    DpsTopics.RESPONSE_FILTER);
        }
        return allowed;
    }

    @Override
    public boolean mayPublish(String clientId, String topic) {
        return DpsTopics.isRequest(topic);
    }

    @Override
    public void inbound(String clientId, long connection, InboundPublish publish) {
        Session session = sessions.get(clientId);
        if (session == null || session.connection() != connection) {
            return; // the connection ended or was replaced while its publish was in flight
        }
        DpsTopics.Request request;
        try {
            request = DpsTopics.parse(publish.topic());
        } catch (IllegalArgumentException e) {
            LOG.info("ignored a DPS request of {} ({}): {}", clientId, e.getMessage(), publish.topic());
            return;
        }
        byte[] payload = publish.payload();
        executor.execute(() -> {
            if (request.kind() == DpsTopics.Kind.REGISTER) {
                register(clientId, session, request.rid(), payload);
            } else {
                poll(clientId, session, request.rid(), request.operationId());
            }
        });
    }

    private void register(String clientId, Session session, String rid, byte[] payload) {
        String registrationId = session.userName().registrationId();
        if (throttled(clientId, rid, registrationId)) {
            return;
        }
        Optional<String> bodyProblem = checkBody(payload, registrationId);
        if (bodyProblem.isPresent()) {
            fail(clientId, rid, new Refused(DpsError.BAD_REQUEST, null, bodyProblem.get()), registrationId);
            return;
        }
        if (!session.userName().idScope().equals(store.idScope())) {
            fail(clientId, rid, new Refused(DpsError.ENROLLMENT_NOT_FOUND, null, "unknown id scope '"
                    + session.userName().idScope() + "': this DPS's is " + store.idScope()), registrationId);
            return;
        }
        Verdict verdict = attestation.check(registrationId, session.credentials());
        if (verdict instanceof Refused refused) {
            fail(clientId, rid, refused, registrationId);
            return;
        }
        Attested attested = (Attested) verdict;
        HubAssignment.Outcome outcome = assignment.assign(attested);
        String operationId = operations.start(registrationId, outcome.registrationState());
        log.record(new RegistrationEvent(registrationId, attested.enrollment(), outcome.status(), outcome.substatus(),
                "assigned".equals(outcome.status()) ? attested.deviceId() : null,
                "assigned".equals(outcome.status()) ? assignment.hostName() : null, clock.instant(), outcome.error()));
        if (outcome.error() != null) {
            LOG.info("DPS registration of {}: {} ({})", registrationId, outcome.status(), outcome.error());
        }
        JsonObject accepted = new JsonObject();
        accepted.addProperty("operationId", operationId);
        accepted.addProperty("status", "assigning");
        respond(clientId, DpsTopics.response(202, rid, OptionalLong.of(POLL_AFTER_SECONDS)), accepted.toString());
    }

    private void poll(String clientId, Session session, String rid, Optional<String> operationId) {
        String registrationId = session.userName().registrationId();
        if (throttled(clientId, rid, registrationId)) {
            return;
        }
        Optional<Operations.Operation> operation = operationId.flatMap(id -> operations.get(id, registrationId));
        if (operation.isEmpty()) {
            LOG.info("DPS: {} polled {}, which is no operation of its", registrationId, operationId.orElse("no operation id"));
            respond(clientId, DpsTopics.response(404, rid, OptionalLong.empty()),
                    DpsError.OPERATION_NOT_FOUND.body(clock.instant()));
            return;
        }
        respond(clientId, DpsTopics.response(200, rid, OptionalLong.empty()), Json.text(operation.get().status()));
    }

    /** The register body: a JSON object whose {@code registrationId} is the connection's, and an optional object {@code payload}. */
    private static Optional<String> checkBody(byte[] payload, String registrationId) {
        JsonObject body;
        try {
            body = StrictJson.parseObject(payload, 64 * 1024, StrictJson.MAX_DEPTH, true);
        } catch (StrictJson.Rejection e) {
            return Optional.of("the register request of '" + registrationId + "' is not a JSON object: "
                    + e.messageAbout("the body"));
        }
        JsonElement id = body.get("registrationId");
        if (id == null || !id.isJsonPrimitive() || !id.getAsJsonPrimitive().isString()
                || !id.getAsString().equalsIgnoreCase(registrationId)) {
            return Optional.of("the register request's registrationId must be '" + registrationId + "'");
        }
        JsonElement devicePayload = body.get("payload");
        if (devicePayload != null && !devicePayload.isJsonNull() && !devicePayload.isJsonObject()) {
            return Optional.of("the register request's payload must be a JSON object");
        }
        return Optional.empty();
    }

    private boolean throttled(String clientId, String rid, String registrationId) {
        Instant now = clock.instant();
        Instant until = throttledUntil;
        if (!now.isBefore(until)) {
            return false;
        }
        long seconds = Math.max(1, (Duration.between(now, until).toMillis() + 999) / 1000);
        log.record(new RegistrationEvent(registrationId, null, "429", null, null, null, now,
                "throttled (fault injection) for " + seconds + " s more"));
        respond(clientId, DpsTopics.response(429, rid, OptionalLong.of(seconds)), DpsError.THROTTLED.body(now));
        return true;
    }

    private void fail(String clientId, String rid, Refused refused, String registrationId) {
        LOG.info("DPS refused the registration of {} with {}: {}", registrationId, refused.error().status(),
                refused.reason());
        log.record(new RegistrationEvent(registrationId, refused.enrollment(),
                Integer.toString(refused.error().status()), null, null, null, clock.instant(), refused.reason()));
        respond(clientId, DpsTopics.response(refused.error().status(), rid, OptionalLong.empty()),
                refused.error().body(clock.instant()));
    }

    private void respond(String clientId, String topic, String body) {
        link.publishToClient(clientId, topic, body.getBytes(StandardCharsets.UTF_8), 1)
                .whenComplete((delivered, failure) -> {
                    if (failure != null || !Boolean.TRUE.equals(delivered)) {
                        LOG.info("the DPS answer {} to {} was not delivered: {}", topic, clientId,
                                failure != null ? failure.toString() : "it is not subscribed to "
                                        + DpsTopics.RESPONSE_FILTER);
                    }
                });
    }

    private static Optional<Refusal> refuse(Refusal.Code code, String reason) {
        return Optional.of(Refusal.of(code, reason));
    }
}
