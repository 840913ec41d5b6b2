package io.dmkit.provisioning.aws.internal;

import com.google.gson.JsonObject;
import io.dmkit.api.ConnectionReason;
import io.dmkit.api.SessionConfig;
import io.dmkit.api.spi.IssuedIdentity;
import io.dmkit.api.spi.ProvisioningClient;
import io.dmkit.api.spi.TransportException;
import io.dmkit.provisioning.aws.internal.FleetAnswers.CreatedCertificate;
import io.dmkit.provisioning.aws.internal.FleetAnswers.RegisteredThing;
import io.dmkit.transport.aws.protocol.FleetProvisioningTopics;
import io.dmkit.transport.aws.protocol.FleetProvisioningTopics.Operation;
import io.dmkit.transport.mqtt.Mqtt3Client;
import io.dmkit.transport.mqtt.MqttConnection;
import io.dmkit.transport.mqtt.MqttReasons;
import io.dmkit.transport.mqtt.ProvisioningAttempt;
import io.dmkit.wire.text.Printable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One session's fleet provisioning by claim over MQTT 3.1.1: connect with the claim certificate
 * (subscribed to the answers it needs), create a certificate (from the gateway's CSR, or with keys AWS
 * makes), register the thing with the template and the certificate's ownership token, write the
 * certificate and key owner-only, then disconnect. One attempt at a time, each wait bounded by the
 * session's operation timeout; failures are not retried here (the core retries with backoff).
 */
final class FleetClient implements ProvisioningClient, MqttConnection.Handler<MqttMessage> {

    private static final Logger LOG = LoggerFactory.getLogger(FleetClient.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String session;
    private final FleetSettings settings;
    private final ScheduledExecutorService scheduler;
    private final IssuedFiles files;
    private final String clientId;
    private final MqttConnection<MqttMessage> connection;
    /** The request waiting for its answer; null between requests. */
    private volatile PendingAnswer pending;
    private final ProvisioningAttempt<IssuedIdentity> attempts;

    FleetClient(String session, FleetSettings settings, ScheduledExecutorService scheduler, IssuedFiles files) {
        this.session = session;
        this.settings = settings;
        this.scheduler = scheduler;
        this.files = files;
        this.clientId = clientId(session);
        this.connection = new MqttConnection<>(session + " (fleet provisioning)",
                () -> settings.connectSettings(clientId), scheduler, Mqtt3Client::new, this);
        this.attempts = new ProvisioningAttempt<>(connection, this::abandonPending);
    }

    /**
     * The claim connection's client id: the session's name and a random part, kept for the life of the
     * session. Every gateway of a fleet shares the claim and often the session's name, and AWS IoT closes
     * the older of two connections with one client id, so the name alone would let two gateways that
     * provision at the same time throw each other out; the claim policy allows any client id. At most 82
     * characters of [A-Za-z0-9._-] (session names have at most 64), within AWS's 128 bytes.
     */
    static String clientId(String session) {
        byte[] random = new byte[8];
        RANDOM.nextBytes(random);
        return session + "-fleet-" + HexFormat.of().formatHex(random);
    }

    @Override
    public CompletableFuture<IssuedIdentity> provision() {
        return attempts.join(() -> {
            LOG.debug("{}: connecting to {} as client {}", session, settings, clientId);
            return connection.connect()
                    .exceptionallyCompose(error -> CompletableFuture.failedFuture(connectFailed(error)))
                    .thenCompose(v -> createCertificate())
                    .thenCompose(this::registerThing);
        });
    }

    /** CreateCertificateFromCsr with a key pair made here, or CreateKeysAndCertificate. */
    private CompletableFuture<CreatedCertificate> createCertificate() {
        CsrKeyPair csr = settings.keys == KeySource.CSR ? CsrKeyPair.generate(session) : null;
        Operation operation = csr != null ? Operation.CREATE_CERTIFICATE_FROM_CSR
                : Operation.CREATE_KEYS_AND_CERTIFICATE;
        JsonObject request = new JsonObject();
        if (csr != null) {
            request.addProperty("certificateSigningRequest", csr.csrPem());
        }
        return exchange(operation, settings.createTopic(), request).thenCompose(answer -> {
            if (!answer.accepted()) {
                return CompletableFuture.failedFuture(FleetAnswers.rejected(operation, answer.body(), settings));
            }
            try {
                CreatedCertificate created = FleetAnswers.created(operation, answer.body(), csr, settings);
                LOG.debug("{}: AWS IoT created certificate {}", session, created.certificateId());
                return CompletableFuture.completedFuture(created);
            } catch (TransportException e) {
                return CompletableFuture.failedFuture(e);
            }
        });
    }

    /** RegisterThing with the template, the parameters and the certificate's ownership token. */
    private CompletableFuture<IssuedIdentity> registerThing(CreatedCertificate created) {
        JsonObject request = new JsonObject();
        request.addProperty("certificateOwnershipToken", created.ownershipToken());
        request.add("parameters", settings.parameters);
        Operation operation = Operation.REGISTER_THING;
        return exchange(operation, FleetProvisioningTopics.registerThing(settings.template), request)
                .thenCompose(answer -> {
                    try {
                        if (!answer.accepted()) {
                            throw FleetAnswers.rejected(operation, answer.body(), settings);
                        }
                        return CompletableFuture.completedFuture(
                                identity(created, FleetAnswers.registered(answer.body(), settings)));
                    } catch (TransportException e) {
                        return CompletableFuture.failedFuture(e);
                    }
                });
    }

    /** Keeps the certificate and key owner-only and names them, with the thing, as the session's identity. */
    private IssuedIdentity identity(CreatedCertificate created, RegisteredThing thing) throws TransportException {
        IssuedFiles.Written written;
        try {
            written = files.write(created.certificatePem(), created.privateKeyPem());
        } catch (IOException e) {
            throw new TransportException(ConnectionReason.COMMUNICATION_ERROR, 500, settings + ": thing "
                    + thing.thingName() + " is registered, but its certificate and key cannot be written to " + files
                    + " (" + e + "); the next attempt provisions again", e);
        }
        Map<String, String> supplied = new LinkedHashMap<>();
        supplied.put(SessionConfig.DEVICE_ID.id(), thing.thingName());
        supplied.put(SessionConfig.CERT.id(), written.certificate().toString());
        supplied.put(SessionConfig.KEY.id(), written.privateKey().toString());
        Map<String, String> details = new LinkedHashMap<>();
        details.put("thingName", thing.thingName());
        details.put("certificateId", created.certificateId());
        details.put("template", settings.template);
        return new IssuedIdentity(supplied, details,
                thing.deviceConfiguration() == null ? null : thing.deviceConfiguration().toString());
    }

    /**
     * Publishes one request and waits, up to the operation timeout, for its answer. The answer is awaited
     * before the request goes out: the service may answer before the PUBACK arrives.
     */
    private CompletableFuture<PendingAnswer.Answer> exchange(Operation operation, String topic, JsonObject request) {
        PendingAnswer p = new PendingAnswer(topic);
        pending = p;
        ScheduledFuture<?> timer = scheduler.schedule(() -> p.fail(FleetAnswers.noAnswer(operation, settings)),
                settings.operationTimeout.toMillis(), TimeUnit.MILLISECONDS);
        p.result().whenComplete((answer, error) -> {
            timer.cancel(false);
            if (pending == p) {
                pending = null;
            }
        });
        LOG.debug("{}: {} (template {})", session, FleetAnswers.stepName(operation), settings.template);
        byte[] body = request.toString().getBytes(StandardCharsets.UTF_8);
        connection.publish(topic, Mqtt3Client.message(body, 1, false)).whenComplete((v, error) -> {
            if (error != null) {
                Throwable cause = unwrap(error);
                p.fail(FleetAnswers.failure(cause instanceof TransportException te ? te.reason()
                        : ConnectionReason.COMMUNICATION_ERROR, 503, operation, "could not be sent ("
                        + cause.getMessage() + ")", false, settings));
            }
        });
        return p.result();
    }

    /** Fails the request waiting for an answer, if any: the attempt ended or the session is closing. */
    private void abandonPending() {
        PendingAnswer p = pending;
        if (p != null) {
            p.fail(TransportException.notConnected("the provisioning attempt ended"));
        }
    }

    private TransportException connectFailed(Throwable error) {
        Throwable cause = unwrap(error);
        if (cause instanceof TransportException te) {
            String hint = te.reason() == ConnectionReason.BAD_CREDENTIAL ? "; check that the claim certificate in "
                    + SessionConfig.CERT.id() + " is registered and ACTIVE, and that its policy allows iot:Connect and "
                    + "the fleet provisioning topics of template " + settings.template : "";
            return new TransportException(te.reason(), te.status(), settings + ": connecting with the claim failed: "
                    + te.getMessage() + hint, te);
        }
        return new TransportException(ConnectionReason.COMMUNICATION_ERROR, 503, settings + ": " + cause, cause);
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        PendingAnswer p = pending;
        if (p == null || !p.isAnsweredBy(topic)) {
            LOG.debug("{}: ignored a message on {} that no request waits for", session, Printable.quote(topic));
            return;
        }
        // What follows an answer (the next request, writing files) runs off Paho's callback thread.
        byte[] body = message.getPayload();
        try {
            scheduler.execute(() -> p.answer(topic, body));
        } catch (RejectedExecutionException e) {
            p.fail(TransportException.notConnected("dmkit is closing"));
        }
    }

    @Override
    public void connectionLost(MqttReasons.Diagnosis diagnosis) {
        PendingAnswer p = pending;
        if (p != null) {
            p.fail(new TransportException(diagnosis.reason(), 503, settings + ": the claim connection was lost ("
                    + diagnosis.detail() + ")", null));
        }
    }

    @Override
    public void close() {
        attempts.close();
    }

    @Override
    public String toString() {
        return settings.toString();
    }
}
