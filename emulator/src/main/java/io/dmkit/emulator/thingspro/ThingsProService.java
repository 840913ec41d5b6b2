package io.dmkit.emulator.thingspro;

import io.dmkit.emulator.thingspro.internal.BrokerConnection;
import io.dmkit.emulator.thingspro.internal.CommandInvoker;
import io.dmkit.emulator.thingspro.internal.InboundRouter;
import io.dmkit.emulator.thingspro.internal.NamedThreadFactory;
import io.dmkit.emulator.thingspro.internal.QueuedListeners;
import io.dmkit.emulator.thingspro.internal.StatusTracker;
import io.dmkit.emulator.thingspro.internal.TelemetryRecorder;
import io.dmkit.emulator.thingspro.internal.TwinFaults;
import io.dmkit.emulator.thingspro.internal.TwinService;
import io.dmkit.transport.thingspro.protocol.Identifiers;
import io.dmkit.transport.thingspro.protocol.ThingsProTopics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service side of the ThingsPro DM protocol: one privileged MQTT client that speaks for the
 * cloud to every device under a topic root (spec {@code docs/protocols/thingspro.md}).
 *
 * <ul>
 * <li>Twins: answers fetches, merges reported patches (with the limits and statuses of spec §4.2),
 * and publishes desired patches made with {@link #updateDesired}.</li>
 * <li>Commands: {@link #invoke} publishes a request and completes its future once.</li>
 * <li>Status: tracks each device's retained status; {@link #isOnline}, {@link #awaitOnline},
 * {@link #onStatusChange}.</li>
 * <li>Telemetry: records every message with its decoded properties; {@link #messages},
 * {@link #onMessage}.</li>
 * <li>Test hooks: {@link #publishDesiredPatchRaw}, {@link #failNextTwinRequests},
 * {@link #dropNextTwinRequests}.</li>
 * </ul>
 *
 * <p>Threads: Paho's threads receive and parse; listeners run on one event thread of the service
 * (in order) and command futures are completed on a pool of the service, so neither may stall the
 * connection. {@link #close()} ends all of them. Thread-safe.
 */
public final class ThingsProService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ThingsProService.class);
    private static final long EXECUTOR_STOP_TIMEOUT_MS = 5000;

    private final ServiceOptions options;
    private final ExecutorService events;
    private final ExecutorService completions;
    private final ScheduledThreadPoolExecutor timer;
    private final QueuedListeners<DeviceStatus> statusListeners;
    private final QueuedListeners<ReceivedMessage> messageListeners;
    private final QueuedListeners<TwinState> twinListeners;
    private final StatusTracker status;
    private final TelemetryRecorder telemetry;
    private final TwinFaults faults = new TwinFaults();
    private final TwinService twins;
    private final CommandInvoker commands;
    private final BrokerConnection connection;
    private final InboundRouter router;
    private final Object closeLock = new Object();
    private boolean closed;

    private ThingsProService(ServiceOptions options) {
        this.options = options;
        ThingsProTopics topics = new ThingsProTopics(options.topicRoot());
        String name = "dmkit-service-" + options.clientId();
        this.events = Executors.newSingleThreadExecutor(new NamedThreadFactory(name + "-events"));
        this.completions = Executors.newCachedThreadPool(new NamedThreadFactory(name + "-completion"));
        this.timer = new ScheduledThreadPoolExecutor(1, new NamedThreadFactory(name + "-timer"));
        this.timer.setRemoveOnCancelPolicy(true); // answered commands must not leave their timeouts queued
        this.statusListeners = new QueuedListeners<>("status", events);
        this.messageListeners = new QueuedListeners<>("message", events);
        this.twinListeners = new QueuedListeners<>("twin", events);
        this.status = new StatusTracker(statusListeners);
        this.telemetry = new TelemetryRecorder(options.messageHistoryPerDevice(), messageListeners);
        this.connection = new BrokerConnection(options, topics.serviceSubscriptions());
        this.twins = new TwinService(options.twinStore(), topics, connection, faults, twinListeners);
        this.commands = new CommandInvoker(topics, connection, status, timer, completions);
        this.router = new InboundRouter(topics, status, telemetry, twins, commands);
    }

    /**
     * Connects to the broker and subscribes to every device's topics, waiting at most
     * {@link ServiceOptions#connectTimeout()}; from then on the service reconnects by itself.
     *
     * @throws ServiceConnectException if the broker cannot be reached, refuses the client or its
     *         subscriptions; nothing is left running then
     */
    public static ThingsProService connect(ServiceOptions options) throws ServiceConnectException {
        ThingsProService service = new ThingsProService(Objects.requireNonNull(options, "options"));
        try {
            service.connection.connect(service.router::onMessage);
        } catch (ServiceConnectException | RuntimeException e) {
            service.close();
            throw e;
        }
        return service;
    }

    public ServiceOptions options() {
        return options;
    }

    /** Whether the service is connected to the broker now (it reconnects by itself). */
    public boolean isConnected() {
        return connection.isConnected();
    }

    // ------------------------------------------------------------------ twins

    /** The twin of {@code deviceId}: a new device's (empty, versions 1) if it has none yet. */
    public TwinState twin(String deviceId) {
        return twins.twin(deviceId);
    }

    /**
     * Merges {@code patchJson} into the desired properties (members set, nested objects merged,
     * {@code null} deletes), increments the desired version and publishes the patch with
     * {@code "$version"} to {@code twin/desired/{version}}. A device that is offline catches up
     * when it next fetches its twin.
     *
     * @return the new desired version
     * @throws IllegalArgumentException for an invalid device id, or a patch that is not a JSON object,
     *         names a member with {@code $} or is nested deeper than 10 levels
     */
    public long updateDesired(String deviceId, String patchJson) {
        return twins.updateDesired(deviceId, Objects.requireNonNull(patchJson, "patchJson"));
    }

    /**
     * Test hook: publishes {@code patchJson} with {@code "$version":version} to
     * {@code twin/desired/{version}} without changing the stored twin (for stale or out-of-order
     * patches).
     */
    public void publishDesiredPatchRaw(String deviceId, String patchJson, long version) {
        twins.publishDesiredRaw(deviceId, Objects.requireNonNull(patchJson, "patchJson"), version);
    }

    /**
     * Test hook: the next {@code count} twin requests of {@code type} from {@code deviceId} are
     * answered with {@code status} (not 2xx) and {@code {"error":...}}, without touching the twin.
     * Replaces an earlier plan for the same device and type.
     */
    public void failNextTwinRequests(String deviceId, TwinRequestType type, int count, int status) {
        Identifiers.requireDeviceId(deviceId);
        if (status < 100 || status > 999 || status / 100 == 2) {
            throw new IllegalArgumentException("an injected fault needs a non-2xx status from 100 to 999: " + status);
        }
        faults.answerWith(deviceId, type, count, status);
    }

    /**
     * Test hook: the next {@code count} twin requests of {@code type} from {@code deviceId} get no
     * answer at all (to exercise the device's timeouts). Replaces an earlier plan.
     */
    public void dropNextTwinRequests(String deviceId, TwinRequestType type, int count) {
        Identifiers.requireDeviceId(deviceId);
        faults.drop(deviceId, type, count);
    }

    /** Cancels every planned twin fault of {@code deviceId}. */
    public void clearTwinFaults(String deviceId) {
        faults.clear(deviceId);
    }

    /** Calls {@code listener} with the new twin after every reported merge and desired update. */
    public ListenerRegistration onTwinChange(Consumer<? super TwinState> listener) {
        return twinListeners.add(listener);
    }

    // ------------------------------------------------------------------ commands

    /**
     * Sends command {@code command} with {@code payload} to the device and completes the future once:
     * with the device's reply; at once with 404 if the device is not online; with 504 if no reply came
     * within {@code timeout} (a later reply is ignored and logged); with 503 if the request could not
     * be sent or the service closes first. The future is completed on a thread of the service, never
     * on Paho's.
     *
     * @throws IllegalArgumentException for an invalid device id or command name, or a timeout under 1 ms
     */
    public CompletableFuture<CommandResult> invoke(String deviceId, String command, byte[] payload, Duration timeout) {
        return commands.invoke(deviceId, command, payload, timeout);
    }

    /** {@link #invoke(String, String, byte[], Duration)} with a UTF-8 text payload. */
    public CompletableFuture<CommandResult> invoke(String deviceId, String command, String payload, Duration timeout) {
        return invoke(deviceId, command, Objects.requireNonNull(payload, "payload").getBytes(StandardCharsets.UTF_8),
                timeout);
    }

    // ------------------------------------------------------------------ status

    /** Whether the device's last status says online. */
    public boolean isOnline(String deviceId) {
        return status.isOnline(deviceId);
    }

    /** The device's last status, if it ever published one. */
    public Optional<DeviceStatus> status(String deviceId) {
        return status.status(deviceId);
    }

    /** Waits until the device is online; false if it was not within {@code timeout}. */
    public boolean awaitOnline(String deviceId, Duration timeout) throws InterruptedException {
        return status.await(deviceId, s -> s.map(DeviceStatus::isOnline).orElse(false), timeout);
    }

    /** Waits until the device has an offline status; false if it had none within {@code timeout}. */
    public boolean awaitOffline(String deviceId, Duration timeout) throws InterruptedException {
        return status.await(deviceId, s -> s.map(d -> !d.isOnline()).orElse(false), timeout);
    }

    /** Calls {@code listener} with every status message a device publishes, in order. */
    public ListenerRegistration onStatusChange(Consumer<? super DeviceStatus> listener) {
        return statusListeners.add(listener);
    }

    // ------------------------------------------------------------------ telemetry

    /** The messages received from {@code deviceId}, oldest first (invalid ones included). */
    public List<ReceivedMessage> messages(String deviceId) {
        return telemetry.messages(deviceId);
    }

    /** Calls {@code listener} with every message received, in order. */
    public ListenerRegistration onMessage(Consumer<? super ReceivedMessage> listener) {
        return messageListeners.add(listener);
    }

    // ------------------------------------------------------------------ lifecycle

    /**
     * Disconnects from the broker, answers pending commands 503 and ends every thread the service
     * started (Paho's and its own). Idempotent. Call it from a thread of your own, not from a
     * listener: it waits (up to 5 s) for the listener thread to finish.
     */
    @Override
    public void close() {
        synchronized (closeLock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        connection.close();
        commands.close();
        timer.shutdownNow();
        // A command invoked while close() ran may have slipped past the first sweep.
        commands.close();
        stop(completions, "completion");
        stop(events, "event");
        stop(timer, "timer");
    }

    private void stop(ExecutorService executor, String what) {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(EXECUTOR_STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                LOG.warn("The " + what + " threads of service " + options.clientId()
                        + " did not finish within " + EXECUTOR_STOP_TIMEOUT_MS + " ms (a listener still"
                        + " running?); interrupting them");
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "ThingsProService[" + options + "]";
    }
}
