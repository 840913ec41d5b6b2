package io.dmkit.emulator.internal.cloud;

import io.dmkit.emulator.CommandResult;
import io.dmkit.emulator.Device;
import io.dmkit.emulator.Dialect;
import io.dmkit.emulator.TelemetryMessage;
import io.dmkit.emulator.TwinDocument;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The cloud side of one protocol, hosted by the emulator's broker extension.
 *
 * <p>Threads: the {@code authenticate}, {@code authorize…}, {@code connected}, {@code disconnected} and
 * {@code inbound} callbacks run on the broker's threads and must not block; a dialect does its work on
 * the executor the emulator gives it. The REST operations may block briefly.
 */
public interface CloudDialect extends AutoCloseable {

    Dialect dialect();

    /** Checks a CONNECT of {@code device} (already found by client id or certificate). Empty = accepted. */
    Optional<Refusal> authenticate(Device device, ConnectAttempt attempt);

    /** Whether the device may subscribe to {@code topicFilter}; refused filters get SUBACK 0x80. */
    boolean maySubscribe(Device device, String clientId, String topicFilter);

    /** Whether the device may publish to {@code topic}; a refused publish is dropped and closes the connection (as Azure does). */
    boolean mayPublish(Device device, String clientId, String topic);

    /**
     * A connection of the device was accepted. Called exactly once per connection and always paired
     * with one later {@link #disconnected}; a device can briefly have two connections (a new one with
     * the same client id takes over, and the old one's {@code disconnected} may come after the new
     * one's {@code connected}), so count connections rather than keep a set of client ids.
     */
    void connected(Device device, String clientId, ConnectAttempt attempt);

    /** A connection reported by {@link #connected} ended (any cause). */
    void disconnected(Device device, String clientId);

    /**
     * A PUBLISH from the device. Returns true if the cloud consumed it (the broker then acknowledges it
     * but routes it nowhere), false to let the broker route it.
     */
    boolean inbound(Device device, String clientId, InboundPublish publish);

    /** The device was removed from the registry: forget its twin, messages and pending commands. */
    void removed(String deviceId);

    TwinDocument twin(Device device);

    /**
     * Merges {@code patchJson} into the desired properties and notifies the device if connected.
     *
     * @return the new desired version
     * @throws io.dmkit.emulator.EmulatorException 400 for a patch that is not a JSON object, 413 over the limit
     */
    long patchDesired(Device device, String patchJson);

    /** Invokes a command; the future completes once (404 offline, 504 timeout, else the device's reply). */
    CompletableFuture<CommandResult> invoke(Device device, String command, String payloadJson, Duration timeout);

    /** The latest telemetry, newest last, at most {@code limit}. */
    List<TelemetryMessage> messages(Device device, int limit);

    /** Answer twin operations with 429 until {@code until}. */
    void throttleTwin(Device device, Instant until);

    @Override
    void close();
}
