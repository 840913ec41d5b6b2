package io.dmkit.transport.mqtt;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;

/**
 * One Paho client of one MQTT version, as {@link MqttConnection} drives it: one connection attempt and,
 * when it succeeds, that connection. An implementation turns Paho's listeners into futures and Paho's
 * reports into {@link MqttReasons.Diagnosis}es, and holds what differs between the versions (options,
 * reason codes, properties, the in-flight window, the service's DISCONNECT); what the results mean for
 * the connection is {@link MqttConnection}'s business.
 *
 * <p>Futures complete with Paho's own exception, not wrapped, whether Paho threw it at once or reported
 * it later ({@link PahoCall}); only {@link #release()}, which is synchronous, throws.
 *
 * @param <M> the version's message type
 */
public interface PahoClient<M> {

    /** Makes a client per connection attempt; an adapter's constructor, as in {@code Mqtt3Client::new}. */
    @FunctionalInterface
    interface Factory<M> {
        /**
         * @param description names the connection in log lines
         * @param scheduler runs the keep-alive pings
         */
        PahoClient<M> create(String description, ScheduledExecutorService scheduler);
    }

    /** What a connected client reports, on Paho's callback thread. */
    interface Events<M> {
        void messageArrived(String topic, M message);

        /** The established connection ended without a disconnect of ours. */
        void connectionLost(MqttReasons.Diagnosis diagnosis);
    }

    /**
     * A subscription the service refused.
     *
     * @param filter the index of the filter in the list subscribed
     * @param reason the service's answer in words, for example {@code 0x87 not authorized}
     */
    record Refusal(int filter, String reason) {
    }

    /** Creates Paho's client for {@code settings} and connects it; completes on the service's CONNACK. */
    CompletableFuture<Void> connect(ConnectSettings settings, Events<M> events);

    /** Subscribes to {@code filters} (not empty) at QoS 1 in one SUBSCRIBE; completes with the first refusal, if any. */
    CompletableFuture<Optional<Refusal>> subscribe(List<String> filters);

    /** Publishes; completes with the PUBACK's reason code (0 for QoS 0, and for MQTT 3.1.1, which has none). */
    CompletableFuture<Integer> publish(String topic, M message);

    /** Whether a publish failed only because the in-flight window is full: it may be tried again. */
    boolean isWindowFull(Throwable publishFailure);

    /** How many QoS 1 publishes may be unacknowledged at once on this connection; Paho refuses more. */
    int inFlightWindow();

    boolean isConnected();

    /** Sends DISCONNECT after at most {@code quiesceMs} of in-flight work; completes when Paho is done. */
    CompletableFuture<Void> disconnect(long quiesceMs);

    /**
     * Drops the socket without sending anything and ends Paho's threads; blocks until they end. Throws what
     * Paho throws, for example when the client was never connected.
     */
    void release() throws Exception;

    /** What a failed connection attempt means. */
    MqttReasons.Diagnosis diagnose(Throwable failedAttempt);
}
