package io.dmkit.core.internal.osgi;

import io.dmkit.api.ConnectionReason;
import io.dmkit.api.ConnectionState;
import io.dmkit.api.ConnectionStatus;
import io.dmkit.api.DmMessage;
import io.dmkit.api.DmResult;
import io.dmkit.api.DmSession;
import io.dmkit.api.MessageStats;
import io.dmkit.api.ProvisionedIdentity;
import io.dmkit.api.Registration;
import io.dmkit.api.SessionConfig;
import io.dmkit.api.TwinUpdate;
import io.dmkit.api.handler.CommandHandler;
import io.dmkit.api.handler.ConnectionListener;
import io.dmkit.api.handler.TwinListener;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stands in for a session whose configuration is unusable, so that the problem is visible where
 * sessions are listed. It never connects; every operation answers 503 with the problem. Its
 * connection listeners are told the (fixed) state once, asynchronously, so that no listener runs
 * under a caller's lock; nothing ever changes after that.
 */
final class InvalidSession implements DmSession {

    private static final Logger LOG = LoggerFactory.getLogger(InvalidSession.class);

    private final String name;
    private final String problem;
    private final ConnectionState state;

    InvalidSession(String name, String problem) {
        this.name = name;
        this.problem = problem;
        this.state = new ConnectionState(ConnectionStatus.DISCONNECTED, ConnectionReason.INVALID_CONFIGURATION,
                Instant.now(), problem);
    }

    @Override
    public String name() {
        return name;
    }

    /** @throws IllegalStateException always: there is no usable configuration */
    @Override
    public SessionConfig config() {
        throw new IllegalStateException("session " + name + " has no usable configuration: " + problem);
    }

    @Override
    public ConnectionState state() {
        return state;
    }

    @Override
    public Optional<ProvisionedIdentity> provisioned() {
        return Optional.empty();
    }

    @Override
    public void reprovision() {
        throw new IllegalStateException("session " + name + " cannot be provisioned: its configuration is unusable ("
                + problem + ")");
    }

    @Override
    public void connect() {
        LOG.warn("session {} cannot connect: its configuration is unusable: {}", name, problem);
    }

    @Override
    public CompletionStage<Void> disconnect() {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<DmResult> sendMessage(DmMessage message) {
        return refused();
    }

    @Override
    public MessageStats messageStats() {
        return new MessageStats(0, 0, 0, 0, Duration.ZERO, false);
    }

    @Override
    public CompletionStage<DmResult> sendReported(String json) {
        return refused();
    }

    @Override
    public Optional<TwinUpdate> twin() {
        return Optional.empty();
    }

    @Override
    public Registration addConnectionListener(ConnectionListener listener) {
        CompletableFuture.runAsync(() -> listener.connectionChanged(this, state));
        return () -> { };
    }

    @Override
    public Registration addTwinListener(TwinListener listener) {
        return () -> { };
    }

    @Override
    public Registration setCommandHandler(CommandHandler handler) {
        return () -> { };
    }

    private CompletionStage<DmResult> refused() {
        return CompletableFuture.completedFuture(DmResult.of(DmResult.NOT_CONNECTED, "session " + name
                + " has no usable configuration: " + problem));
    }

    @Override
    public String toString() {
        return "DmSession[" + name + ", " + state + "]";
    }
}
