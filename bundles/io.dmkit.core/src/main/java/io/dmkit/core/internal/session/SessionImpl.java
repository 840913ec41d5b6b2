package io.dmkit.core.internal.session;

import com.google.gson.JsonObject;
import io.dmkit.api.CommandResponse;
import io.dmkit.api.ConnectionReason;
import io.dmkit.api.ConnectionState;
import io.dmkit.api.ConnectionStatus;
import io.dmkit.api.DmMessage;
import io.dmkit.api.DmResult;
import io.dmkit.api.DmSession;
import io.dmkit.api.MessageStats;
import io.dmkit.api.PayloadTooLargeException;
import io.dmkit.api.Registration;
import io.dmkit.api.SessionConfig;
import io.dmkit.api.Setting;
import io.dmkit.api.TwinUpdate;
import io.dmkit.api.handler.CommandHandler;
import io.dmkit.api.handler.ConnectionListener;
import io.dmkit.api.handler.TwinListener;
import io.dmkit.api.ProvisionedIdentity;
import io.dmkit.api.spi.Provisioner;
import io.dmkit.api.spi.Transport;
import io.dmkit.api.spi.TransportException;
import io.dmkit.api.spi.TransportFactory;
import io.dmkit.api.spi.context.IncomingCommand;
import io.dmkit.api.spi.context.TransportContext;
import io.dmkit.api.spi.context.TransportListener;
import io.dmkit.core.internal.command.CommandProcessor;
import io.dmkit.core.internal.connection.Link;
import io.dmkit.core.internal.execution.Backoff;
import io.dmkit.core.internal.execution.CoreExecutors;
import io.dmkit.core.internal.execution.Failures;
import io.dmkit.core.internal.execution.SerialExecutor;
import io.dmkit.core.internal.execution.Timeouts;
import io.dmkit.core.internal.outbox.MessagePump;
import io.dmkit.core.internal.outbox.Outbox;
import io.dmkit.core.internal.outbox.PendingMessage;
import io.dmkit.core.internal.provisioning.ProvisionedTransport;
import io.dmkit.core.internal.twin.DeliveredTwin;
import io.dmkit.core.internal.twin.ReportedSender;
import io.dmkit.core.internal.twin.TwinSync;
import io.dmkit.wire.json.StrictJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session: the connection supervisor and the hub of the session's twin, messages and
 * commands.
 *
 * <p>All state changes run on the session's control lane, one at a time, so the state machine
 * needs no locks; listeners run on a separate listener lane so that a slow listener never delays
 * the connection. The supervisor owns reconnection: every failed attempt and every lost
 * connection schedules the next attempt after an exponential, jittered delay, until the
 * application disconnects or removes the session.
 */
final class SessionImpl implements DmSession {

    private static final Logger LOG = LoggerFactory.getLogger(SessionImpl.class);
    /** Message limit while no transport says otherwise. */
    private static final int DEFAULT_MAX_MESSAGE_BYTES = 256 * 1024;
    /** How long a clean disconnect may take before the transport is closed regardless. */
    private static final Duration DISCONNECT_TIMEOUT = Duration.ofSeconds(5);

    private enum Phase { IDLE, CONNECTING, CONNECTED, WAITING, DISCONNECTING, CLOSED }

    private final SessionConfig config;
    private final ScheduledExecutorService scheduler;
    private final SerialExecutor controlLane;
    private final SerialExecutor listenerLane;
    private final DirectListeners<ConnectionListener> connectionListeners;
    private final DirectListeners<TwinListener> twinListeners;
    private final AtomicReference<CommandHandler> commandHandler = new AtomicReference<>();
    private final AtomicLong messageSequence = new AtomicLong();
    private final Backoff backoff;
    private final DeliveredTwin twin = new DeliveredTwin();
    private final TwinSync twinSync;
    private final MessagePump pump;
    private final ReportedSender reported;
    private final CommandProcessor commands;
    private final TransportContext transportContext;

    // Control-lane state.
    private Transport transport;
    private Phase phase = Phase.IDLE;
    private boolean wanted;
    private int failures;
    private int connectionCount;
    private Link link;
    private ScheduledFuture<?> retryTimer;
    private String lastFailure;
    private final List<CompletableFuture<Void>> disconnectWaiters = new ArrayList<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();

    // Published state.
    private volatile ConnectionState state;
    private volatile int maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES;
    private volatile boolean removed;
    private volatile ProvisionedTransport provisioned;

    // Listener-lane state: what listeners have been told, so that late listeners join in order.
    private ConnectionState notifiedState;
    private volatile TwinUpdate deliveredTwin;

    SessionImpl(SessionConfig config, CoreExecutors executors, Outbox outbox) {
        this.config = config;
        this.scheduler = executors.scheduler;
        this.controlLane = new SerialExecutor(executors.lanes, config.name() + " control");
        this.listenerLane = new SerialExecutor(executors.lanes, config.name() + " listeners");
        this.connectionListeners = new DirectListeners<>(config.name() + ": connection listener");
        this.twinListeners = new DirectListeners<>(config.name() + ": twin listener");
        this.backoff = new Backoff(config.reconnectMinDelay(), config.reconnectMaxDelay());
        Backoff requestBackoff = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(10));
        this.twinSync = new TwinSync(config.name(), twin, controlLane, scheduler, config.operationTimeout(),
                requestBackoff, this::deliverTwin);
        this.messageSequence.set(outbox.lastSequence());
        this.pump = new MessagePump(config.name(), outbox, config.inflightMax(), controlLane, scheduler);
        this.reported = new ReportedSender(config.name(), twin, controlLane, scheduler, config.operationTimeout(),
                requestBackoff, this::refreshTwin);
        this.commands = new CommandProcessor(this, commandHandler::get, executors.handlers, scheduler,
                config.commandTimeout(), this::reply);
        this.transportContext = new Context(new TransportEvents(), scheduler);
        this.state = new ConnectionState(ConnectionStatus.DISCONNECTED, ConnectionReason.NO_TRANSPORT, Instant.now(),
                "waiting for a transport for cloud type '" + config.cloudType() + "'");
        this.notifiedState = state;
    }

    /**
     * Checks the session's options against the factory's declarations, then creates the transport,
     * on the caller's thread so that configuration errors reach the caller.
     *
     * @param declared the options the factory declares
     * @param optionsOfOtherTransports the ids of the options the other installed transports declare
     * @throws io.dmkit.api.InvalidConfigurationException if an option or the transport refuses the configuration
     */
    Transport createTransport(TransportFactory factory, List<Setting<?>> declared,
            Set<String> optionsOfOtherTransports) {
        String options = TransportOptions.check(config, declared, optionsOfOtherTransports);
        LOG.info("{}: transport for cloud type '{}': {}", name(), config.cloudType(), options);
        return factory.create(config, transportContext);
    }

    /**
     * As {@link #createTransport(TransportFactory, List, Set)} for a session that the provisioner
     * provisions: the transport provisions before it connects.
     *
     * @param provisionerSettings the options the provisioner declares
     * @param declared the options the factory and the provisioner declare
     * @param identities where provisioned sessions keep their identities, if dmkit has a data directory
     */
    Transport createProvisionedTransport(TransportFactory factory, Provisioner provisioner,
            List<Setting<?>> provisionerSettings, List<Setting<?>> declared, Set<String> optionsOfOtherTransports,
            Optional<Path> identities) {
        String options = TransportOptions.check(config, declared, optionsOfOtherTransports);
        LOG.info("{}: transport for cloud type '{}', provisioned by {}: {}", name(), config.cloudType(),
                provisioner.name(), options);
        return ProvisionedTransport.open(config, factory, transportContext, provisioner, provisionerSettings,
                identities, scheduler, this::provisioningStarted);
    }

    /** Called on the control lane by the provisioned transport as it asks the service. */
    private void provisioningStarted(String detail) {
        controlLane.execute(() -> {
            if (phase == Phase.CONNECTING) {
                setState(ConnectionStatus.DISCONNECTED_RETRYING, ConnectionReason.PROVISIONING, detail);
            }
        });
    }

    /** A transport for the session's cloud type became available. */
    void attach(Transport created) {
        controlLane.execute(() -> {
            if (phase == Phase.CLOSED) {
                created.close();
                return;
            }
            transport = created;
            provisioned = created instanceof ProvisionedTransport p ? p : null;
            maxMessageBytes = created.maxMessageBytes();
            setState(ConnectionStatus.DISCONNECTED, ConnectionReason.NOT_STARTED, "transport ready");
            if (wanted) {
                attempt();
            }
        });
    }

    /** The transport could not be created: the configuration is unusable for it. */
    void attachFailed(String problem) {
        controlLane.execute(() -> setState(ConnectionStatus.DISCONNECTED, ConnectionReason.INVALID_CONFIGURATION, problem));
    }

    /** The transport's bundle went away: drop the connection and wait for a new transport. */
    void detach() {
        controlLane.execute(() -> {
            if (transport == null || phase == Phase.CLOSED) {
                return;
            }
            endLink();
            cancelRetry();
            transport.close();
            transport = null;
            provisioned = null;
            phase = Phase.IDLE;
            setState(ConnectionStatus.DISCONNECTED, ConnectionReason.NO_TRANSPORT,
                    "the transport for cloud type '" + config.cloudType() + "' went away");
        });
    }

    @Override
    public String name() {
        return config.name();
    }

    @Override
    public SessionConfig config() {
        return config;
    }

    @Override
    public ConnectionState state() {
        return state;
    }

    @Override
    public Optional<ProvisionedIdentity> provisioned() {
        ProvisionedTransport p = provisioned;
        return p == null ? Optional.empty() : p.provisioned();
    }

    @Override
    public void reprovision() {
        if (provisioned == null) {
            throw new IllegalStateException("session " + name() + " is not provisioned by a provisioning service "
                    + "(it has no provisioning options, or their provisioner is not installed)");
        }
        controlLane.execute(() -> {
            if (!(transport instanceof ProvisionedTransport p) || phase == Phase.CLOSED) {
                return;
            }
            cancelRetry();
            Runnable again = () -> {
                p.forget();
                phase = Phase.IDLE;
                failures = 0;
                if (!disconnectWaiters.isEmpty()) { // a disconnect came meanwhile
                    setState(ConnectionStatus.DISCONNECTED, ConnectionReason.CLIENT_CLOSE, "disconnected on request");
                    disconnectWaiters.forEach(w -> w.complete(null));
                    disconnectWaiters.clear();
                } else if (wanted) {
                    attempt();
                }
            };
            if (phase == Phase.CONNECTED || phase == Phase.CONNECTING) {
                closeConnection(Phase.DISCONNECTING, () -> {
                    if (phase == Phase.DISCONNECTING) {
                        again.run();
                    }
                });
            } else if (phase != Phase.DISCONNECTING) {
                again.run();
            }
        });
    }

    @Override
    public void connect() {
        controlLane.execute(() -> {
            wanted = true;
            if (phase == Phase.IDLE) {
                attempt();
            }
        });
    }

    @Override
    public CompletionStage<Void> disconnect() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        controlLane.execute(() -> {
            wanted = false;
            cancelRetry();
            switch (phase) {
                case CONNECTING, CONNECTED -> {
                    disconnectWaiters.add(done);
                    closeConnection(Phase.DISCONNECTING, () -> {
                        if (phase != Phase.DISCONNECTING) {
                            return; // removed meanwhile; close() completed the waiters
                        }
                        phase = Phase.IDLE;
                        setState(ConnectionStatus.DISCONNECTED, ConnectionReason.CLIENT_CLOSE, "disconnected on request");
                        disconnectWaiters.forEach(w -> w.complete(null));
                        disconnectWaiters.clear();
                        if (wanted) {
                            attempt();
                        }
                    });
                }
                case DISCONNECTING -> disconnectWaiters.add(done);
                case WAITING -> {
                    phase = Phase.IDLE;
                    setState(ConnectionStatus.DISCONNECTED, ConnectionReason.CLIENT_CLOSE, "disconnected on request");
                    done.complete(null);
                }
                default -> done.complete(null);
            }
        });
        return done;
    }

    /**
     * Removes the session: disconnects cleanly, closes the transport and the outbox, and completes
     * the futures of messages not sent yet with 503 (a persistent outbox keeps them on disk).
     *
     * @return completes when every resource of the session is released
     */
    CompletableFuture<Void> close() {
        removed = true;
        controlLane.execute(() -> {
            if (phase == Phase.CLOSED) {
                return;
            }
            wanted = false;
            cancelRetry();
            Runnable release = () -> {
                phase = Phase.CLOSED;
                if (transport != null) {
                    transport.close();
                }
                pump.close();
                setState(ConnectionStatus.DISCONNECTED, ConnectionReason.CLIENT_CLOSE, "session removed");
                disconnectWaiters.forEach(w -> w.complete(null));
                disconnectWaiters.clear();
                listenerLane.execute(() -> closed.complete(null));
            };
            if (phase == Phase.CONNECTED || phase == Phase.CONNECTING) {
                closeConnection(Phase.CLOSED, release);
            } else {
                release.run();
            }
        });
        return closed;
    }

    // ---- the state machine (control lane) ----

    private void attempt() {
        if (transport == null) {
            phase = Phase.IDLE; // connects when a transport arrives, since wanted is set
            return;
        }
        phase = Phase.CONNECTING;
        retryTimer = null;
        Transport t = transport;
        int number = ++connectionCount;
        Timeouts.within(t.connect(), config.connectTimeout().plusSeconds(5), scheduler,
                () -> { throw TransportTimeout.INSTANCE; })
                .whenComplete((v, error) -> controlLane.execute(() -> connected(t, number, error)));
    }

    private void connected(Transport t, int number, Throwable error) {
        if (phase != Phase.CONNECTING || t != transport || number != connectionCount) {
            // A superseded attempt: the disconnect or the newer attempt that superseded it has
            // already told the transport to drop it (see Transport#connect).
            return;
        }
        if (error != null) {
            Throwable cause = Failures.unwrap(error);
            ConnectionReason reason = cause instanceof TransportException te ? te.reason()
                    : ConnectionReason.COMMUNICATION_ERROR;
            String detail = cause instanceof TransportTimeout ? "no answer within the connect timeout"
                    : Failures.describe(cause);
            if (!(cause instanceof TransportException)) {
                LOG.error("{}: unexpected failure while connecting", name(), cause);
            }
            if (cause instanceof TransportException te && te.isPermanent()) {
                // Asking again cannot help (a disabled enrollment): say so once and wait for the
                // application (connect, reprovision) or a new configuration.
                phase = Phase.IDLE;
                LOG.error("{}: not connected ({}: {}); not retrying until the configuration changes or the session "
                        + "is asked to connect again", name(), reason, detail);
                setState(ConnectionStatus.DISCONNECTED, reason, detail);
                return;
            }
            scheduleRetry(reason, detail, cause instanceof TransportException te ? te.retryAfter().orElse(null) : null);
            return;
        }
        maxMessageBytes = t.maxMessageBytes();
        phase = Phase.CONNECTED;
        failures = 0;
        lastFailure = null;
        link = new Link(number, t);
        LOG.info("{}: connected ({}, {})", name(), t, link);
        setState(ConnectionStatus.CONNECTED, ConnectionReason.OK, "");
        twinSync.start(link);
        pump.start(link);
    }

    private void lost(ConnectionReason reason, String detail) {
        if (phase != Phase.CONNECTED) {
            return;
        }
        endLink();
        failures = 0;
        scheduleRetry(reason, detail, null);
    }

    /** @param retryAfter the service's own delay, if it gave one: never retry sooner */
    private void scheduleRetry(ConnectionReason reason, String detail, Duration retryAfter) {
        long delay = Math.max(backoff.delayMillis(failures++), retryAfter == null ? 0 : retryAfter.toMillis());
        String failure = reason + ": " + detail;
        // Log each kind of failure once at WARNING; repeats of the same failure only at DEBUG, so a
        // long outage does not flood the log.
        if (failure.equals(lastFailure)) {
            LOG.debug("{}: not connected ({}); retrying in {} ms", name(), failure, delay);
        } else {
            LOG.warn("{}: not connected ({}); retrying in {} ms", name(), failure, delay);
        }
        lastFailure = failure;
        phase = Phase.WAITING;
        setState(ConnectionStatus.DISCONNECTED_RETRYING, reason, detail);
        retryTimer = scheduler.schedule(() -> controlLane.execute(() -> {
            if (phase == Phase.WAITING && wanted) {
                attempt();
            }
        }), delay, TimeUnit.MILLISECONDS);
    }

    /** Ends the current connection (if any) and runs {@code then} on the control lane once it is closed. */
    private void closeConnection(Phase during, Runnable then) {
        endLink();
        phase = during;
        Transport t = transport;
        if (t == null) {
            then.run();
            return;
        }
        Timeouts.within(t.disconnect(), DISCONNECT_TIMEOUT, scheduler, () -> null)
                .whenComplete((v, error) -> controlLane.execute(then));
    }

    private void endLink() {
        if (link != null) {
            link.close();
            link = null;
        }
        twinSync.stop();
        pump.stop();
    }

    private void cancelRetry() {
        if (retryTimer != null) {
            retryTimer.cancel(false);
            retryTimer = null;
        }
    }

    private void setState(ConnectionStatus status, ConnectionReason reason, String detail) {
        ConnectionState next = new ConnectionState(status, reason, Instant.now(), detail);
        state = next;
        listenerLane.execute(() -> {
            notifiedState = next;
            connectionListeners.notifyAll(l -> l.connectionChanged(this, next));
        });
    }

    private void deliverTwin(TwinUpdate update) {
        TwinUpdate snapshot = twin.complete();
        listenerLane.execute(() -> {
            deliveredTwin = snapshot;
            twinListeners.notifyAll(l -> l.twinUpdated(this, update));
        });
    }

    /** Makes {@link #twin()} show a change that listeners are not told about (our own reported patch). */
    private void refreshTwin() {
        if (twin.isKnown()) {
            TwinUpdate snapshot = twin.complete();
            listenerLane.execute(() -> deliveredTwin = snapshot);
        }
    }

    // ---- operations ----

    @Override
    public CompletionStage<DmResult> sendMessage(DmMessage message) {
        PendingMessage pending = new PendingMessage(messageSequence.incrementAndGet(), message);
        int limit = maxMessageBytes;
        if (pending.size > limit) {
            return CompletableFuture.completedFuture(DmResult.of(DmResult.TOO_LARGE, "the message is " + pending.size
                    + " bytes with its properties, over the limit of " + limit + " bytes; nothing was sent"));
        }
        if (removed) {
            return CompletableFuture.completedFuture(DmResult.of(DmResult.NOT_CONNECTED, "session " + name()
                    + " was removed"));
        }
        String unstored = pump.store(pending);
        if (unstored != null) {
            return CompletableFuture.completedFuture(DmResult.of(DmResult.NOT_CONNECTED, unstored));
        }
        controlLane.execute(() -> {
            if (phase == Phase.CLOSED) {
                pump.completeRemoved(pending);
                return;
            }
            String refusal = pump.offer(pending);
            if (refusal != null) {
                pending.result.complete(DmResult.of(DmResult.QUEUE_FULL, refusal));
            }
        });
        return pending.result;
    }

    @Override
    public MessageStats messageStats() {
        return pump.stats();
    }

    @Override
    public CompletionStage<DmResult> sendReported(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_REPORTED_BYTES) {
            throw new PayloadTooLargeException("the reported patch", bytes.length, MAX_REPORTED_BYTES);
        }
        JsonObject patch = StrictJson.parseObject(json, StrictJson.MAX_DEPTH);
        CompletableFuture<DmResult> result = new CompletableFuture<>();
        controlLane.execute(() -> {
            if (phase != Phase.CONNECTED || link == null) {
                result.complete(DmResult.of(DmResult.NOT_CONNECTED, "session " + name() + " is not connected ("
                        + state.reason() + "); reported patches are not queued"));
                return;
            }
            reported.send(link, patch, bytes, result);
        });
        return result;
    }

    @Override
    public Optional<TwinUpdate> twin() {
        return Optional.ofNullable(deliveredTwin);
    }

    @Override
    public Registration addConnectionListener(ConnectionListener listener) {
        AtomicReference<Registration> registration = new AtomicReference<>();
        listenerLane.execute(() -> {
            registration.set(connectionListeners.add(listener));
            connectionListeners.notifyOne(listener, l -> l.connectionChanged(this, notifiedState));
        });
        return () -> listenerLane.execute(() -> registration.get().close());
    }

    @Override
    public Registration addTwinListener(TwinListener listener) {
        AtomicReference<Registration> registration = new AtomicReference<>();
        listenerLane.execute(() -> {
            registration.set(twinListeners.add(listener));
            TwinUpdate current = deliveredTwin;
            if (current != null) {
                twinListeners.notifyOne(listener, l -> l.twinUpdated(this, current));
            }
        });
        return () -> listenerLane.execute(() -> registration.get().close());
    }

    @Override
    public Registration setCommandHandler(CommandHandler handler) {
        if (!commandHandler.compareAndSet(null, handler)) {
            throw new IllegalStateException("session " + name() + " already has a command handler ("
                    + commandHandler.get() + "); close its registration first");
        }
        return () -> commandHandler.compareAndSet(handler, null);
    }

    private void reply(Link on, String requestId, String command, CommandResponse response) {
        controlLane.execute(() -> {
            if (!on.isOpen()) {
                LOG.warn("{}: reply {} to command '{}' (request {}) dropped: {} "
                        + "that carried the request is gone", name(), response.status(), command, requestId, on);
                return;
            }
            on.transport.sendCommandResponse(requestId, response).whenComplete((v, e) -> {
                if (e != null) {
                    LOG.warn("{}: reply to command '{}' (request {}) not sent: {}", name(), command, requestId,
                            Failures.describe(e));
                }
            });
        });
    }

    @Override
    public String toString() {
        return "DmSession[" + name() + ", " + config.cloudType() + ", " + state + "]";
    }

    /** What the transport reports, handed to the control lane at once. */
    private final class TransportEvents implements TransportListener {
        @Override
        public void connectionLost(ConnectionReason reason, String detail) {
            controlLane.execute(() -> lost(reason, detail));
        }

        @Override
        public void desiredPatch(String json, long version) {
            controlLane.execute(() -> twinSync.onPatch(json, version));
        }

        @Override
        public void commandReceived(IncomingCommand command) {
            controlLane.execute(() -> {
                if (link == null) {
                    LOG.warn("{}: {} arrived while not connected; ignored", name(), command);
                    return;
                }
                commands.accept(link, command.requestId(), command.name(), command.payload(),
                        command.timeout().orElse(null));
            });
        }
    }

    private record Context(TransportListener listener, ScheduledExecutorService scheduler) implements TransportContext {
    }



    /** Marks a connect attempt that exceeded its deadline without the transport failing it. */
    private static final class TransportTimeout extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final TransportTimeout INSTANCE = new TransportTimeout();

        private TransportTimeout() {
            super("connect timed out", null, false, false);
        }
    }
}
