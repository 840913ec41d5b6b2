package io.dmkit.provisioning.azure.internal;

import io.dmkit.api.ConnectionReason;
import io.dmkit.api.spi.IssuedIdentity;
import io.dmkit.api.spi.ProvisioningClient;
import io.dmkit.api.spi.TransportException;
import io.dmkit.provisioning.azure.protocol.DpsTopics;
import io.dmkit.transport.mqtt.Mqtt3Client;
import io.dmkit.transport.mqtt.MqttConnection;
import io.dmkit.transport.mqtt.MqttReasons;
import io.dmkit.transport.mqtt.ProvisioningAttempt;
import io.dmkit.transport.mqtt.TopicRequests;
import io.dmkit.wire.text.Printable;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One session's registration with the Device Provisioning Service over MQTT: connect as the registration,
 * register, poll the operation while the service says it is assigning (after each retry-after), then
 * disconnect. One attempt at a time; failures are not retried here (the core retries with backoff).
 */
final class DpsClient implements ProvisioningClient, MqttConnection.Handler<MqttMessage> {

    private static final Logger LOG = LoggerFactory.getLogger(DpsClient.class);
    /** Polls of one operation at most: DPS assigns in seconds; this bounds a service that never finishes. */
    static final int MAX_POLLS = 60;

    private final String session;
    private final DpsSettings settings;
    private final ScheduledExecutorService scheduler;
    private final MqttConnection<MqttMessage> connection;
    private final TopicRequests<Answer> requests;
    private final ProvisioningAttempt<IssuedIdentity> attempts;

    /** An answer as it arrived: its topic's status, request id and retry-after, and its body. */
    private record Answer(DpsTopics.Response response, byte[] body) {
    }

    DpsClient(String session, DpsSettings settings, ScheduledExecutorService scheduler) {
        this.session = session;
        this.settings = settings;
        this.scheduler = scheduler;
        this.requests = new TopicRequests<>(settings.operationTimeout, scheduler);
        this.connection = new MqttConnection<>(session + " (DPS)", () -> settings.connectSettings(Instant.now()),
                scheduler, Mqtt3Client::new, this);
        this.attempts = new ProvisioningAttempt<>(connection, () -> requests.failAll("the registration ended"));
    }

    @Override
    public CompletableFuture<IssuedIdentity> provision() {
        return attempts.join(() -> connection.connect()
                .exceptionallyCompose(error -> CompletableFuture.failedFuture(connectFailed(error)))
                .thenCompose(v -> request(DpsTopics::register, DpsAnswer.registration(settings)))
                .thenCompose(answer -> follow(answer, 0)));
    }

    private CompletableFuture<IssuedIdentity> follow(Answer answer, int polls) {
        DpsAnswer.Step step = DpsAnswer.interpret(answer.response(), answer.body(), settings);
        if (step.identity() != null) {
            return CompletableFuture.completedFuture(step.identity());
        }
        if (step.failure() != null) {
            return CompletableFuture.failedFuture(step.failure());
        }
        if (polls >= MAX_POLLS) {
            return CompletableFuture.failedFuture(new TransportException(ConnectionReason.COMMUNICATION_ERROR, 504,
                    settings + " was still assigning after " + polls + " polls", null));
        }
        LOG.debug("{}: DPS is assigning (operation {}); asking again in {} ms", session,
                Printable.quote(step.operationId()), step.pollAfter().toMillis());
        return after(step.pollAfter())
                .thenCompose(v -> request(rid -> DpsTopics.operationStatus(rid, step.operationId()), new byte[0]))
                .thenCompose(next -> follow(next, polls + 1));
    }

    private CompletableFuture<Answer> request(Function<String, String> topic, byte[] body) {
        return requests.send(rid -> connection.publish(topic.apply(rid), Mqtt3Client.message(body, 1, false)));
    }

    private CompletableFuture<Void> after(Duration delay) {
        CompletableFuture<Void> due = new CompletableFuture<>();
        scheduler.schedule(() -> due.complete(null), delay.toMillis(), TimeUnit.MILLISECONDS);
        return due;
    }

    private TransportException connectFailed(Throwable error) {
        Throwable cause = unwrap(error);
        if (cause instanceof TransportException te) {
            return new TransportException(te.reason(), te.status(), settings + ": " + te.getMessage(), te);
        }
        return new TransportException(ConnectionReason.COMMUNICATION_ERROR, 503, settings + ": " + cause, cause);
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        DpsTopics.Response response;
        try {
            response = DpsTopics.parseResponse(topic);
        } catch (IllegalArgumentException e) {
            LOG.warn("{}: ignored a message from DPS: {}", session, e.getMessage());
            return;
        }
        if (!requests.complete(response.rid(), new Answer(response, message.getPayload()))) {
            LOG.debug("{}: ignored a DPS answer {} to request {} that nobody waits for", session, response.status(),
                    Printable.quote(response.rid()));
        }
    }

    @Override
    public void connectionLost(MqttReasons.Diagnosis diagnosis) {
        requests.failAll("the connection to " + settings + " was lost (" + diagnosis.detail() + ")");
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
