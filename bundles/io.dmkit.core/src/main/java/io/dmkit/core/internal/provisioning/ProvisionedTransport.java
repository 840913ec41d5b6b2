package io.dmkit.core.internal.provisioning;

import io.dmkit.api.CommandResponse;
import io.dmkit.api.ConnectionReason;
import io.dmkit.api.DmMessage;
import io.dmkit.api.DmResult;
import io.dmkit.api.InvalidConfigurationException;
import io.dmkit.api.ProvisionedIdentity;
import io.dmkit.api.SessionConfig;
import io.dmkit.api.Setting;
import io.dmkit.api.spi.IssuedIdentity;
import io.dmkit.api.spi.Provisioner;
import io.dmkit.api.spi.ProvisioningClient;
import io.dmkit.api.spi.Transport;
import io.dmkit.api.spi.TransportException;
import io.dmkit.api.spi.TransportFactory;
import io.dmkit.api.spi.context.ProvisioningContext;
import io.dmkit.api.spi.context.TransportContext;
import io.dmkit.core.internal.execution.Failures;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transport of a provisioned session: before the first connect it gets the session's identity (the
 * stored one, or a new one from the provisioning service), then creates the cloud's transport for the
 * configuration with the identity laid over it and hands every call to that transport.
 *
 * <p>When the service refuses the identity ({@link ConnectionReason#BAD_CREDENTIAL},
 * {@link ConnectionReason#DEVICE_DISABLED}: the device was deleted, disabled or moved) the identity is
 * forgotten, so the next attempt, after the session's backoff, provisions again. A provisioning attempt
 * that outlives the connect attempt that started it (the session's connect timeout, a disconnect) goes
 * on: the next connect waits for it instead of starting another.
 */
public final class ProvisionedTransport implements Transport {

    private static final Logger LOG = LoggerFactory.getLogger(ProvisionedTransport.class);
    private static final Set<ConnectionReason> REFUSALS = EnumSet.of(ConnectionReason.BAD_CREDENTIAL,
            ConnectionReason.DEVICE_DISABLED);
    /** The message limit until the cloud's transport exists; it replaces it after the first connect. */
    private static final int DEFAULT_MAX_MESSAGE_BYTES = 256 * 1024;

    private final SessionConfig config;
    private final TransportFactory factory;
    private final TransportContext context;
    private final String provisioner;
    private final ProvisioningClient client;
    private final IdentityStore store;
    private final String fingerprint;
    private final Consumer<String> provisioningStarted;

    // Guarded by this.
    private StoredIdentity identity;
    private CompletableFuture<StoredIdentity> provisioning;
    private Transport inner;
    private long attempts;
    private boolean closed;

    /**
     * Opens the session's identity store and creates its provisioning client.
     *
     * @param provisionerSettings the provisioner's options, as the core read them
     * @param identities          where sessions keep their identities, if dmkit has a data directory
     * @param provisioningStarted told (on the caller of {@link #connect()}) when an attempt asks the
     *                            service, with the detail the session's state shows
     * @throws io.dmkit.api.InvalidConfigurationException if the provisioner refuses the configuration
     */
    public static ProvisionedTransport open(SessionConfig config, TransportFactory factory, TransportContext context,
            Provisioner provisioner, List<Setting<?>> provisionerSettings, Optional<Path> identities,
            ScheduledExecutorService scheduler, Consumer<String> provisioningStarted) {
        IdentityStore store = IdentityStore.open(identities, config.name());
        try {
            ProvisioningClient client = provisioner.create(config, new Support(scheduler, store.directory()));
            return new ProvisionedTransport(config, factory, context, provisioner.name(), provisionerSettings, client,
                    store, provisioningStarted);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    private record Support(ScheduledExecutorService scheduler, Path directory) implements ProvisioningContext {
    }

    /**
     * @param provisionerSettings the provisioner's options: with the session settings it may read, what
     *                            the stored identity must have been issued for
     * @param provisioningStarted told (on the caller of {@link #connect()}) when an attempt asks the
     *                            service, with the detail the session's state shows
     */
    ProvisionedTransport(SessionConfig config, TransportFactory factory, TransportContext context,
            String provisioner, List<Setting<?>> provisionerSettings, ProvisioningClient client, IdentityStore store,
            Consumer<String> provisioningStarted) {
        this.config = config;
        this.factory = factory;
        this.context = context;
        this.provisioner = provisioner;
        this.client = client;
        this.store = store;
        this.fingerprint = ConfigOverlay.fingerprint(config, provisionerSettings);
        this.provisioningStarted = provisioningStarted;
        this.identity = store.load(provisioner, fingerprint).orElse(null);
        if (identity != null) {
            LOG.info("{}: using the identity {} issued at {}: {}", config.name(), provisioner, identity.time(),
                    identity.identity().details());
        }
    }

    /** What the service gave the session, without secrets; empty until it did. */
    public synchronized Optional<ProvisionedIdentity> provisioned() {
        return Optional.ofNullable(identity).map(StoredIdentity::shown);
    }

    /** Forgets the identity (an explicit re-provision): the next connect asks the service again. */
    public void forget() {
        Transport old;
        synchronized (this) {
            identity = null;
            old = inner;
            inner = null;
        }
        if (old != null) {
            old.close();
        }
        store.forget();
        LOG.info("{}: forgot the identity {} issued; the next connect provisions again", config.name(), provisioner);
    }

    @Override
    public CompletionStage<Void> connect() {
        long attempt;
        synchronized (this) {
            attempt = ++attempts;
        }
        return identity().thenCompose(stored -> connectAs(stored, attempt));
    }

    private synchronized CompletableFuture<StoredIdentity> identity() {
        if (identity != null) {
            return CompletableFuture.completedFuture(identity);
        }
        if (provisioning != null) {
            return provisioning; // an attempt that outlived its connect: wait for it
        }
        String detail = "asking " + client + " for the session's identity";
        LOG.info("{}: {}", config.name(), detail);
        provisioningStarted.accept(detail);
        CompletableFuture<StoredIdentity> started;
        try {
            started = client.provision().toCompletableFuture().thenApply(this::issued);
        } catch (RuntimeException e) {
            started = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<StoredIdentity> p = started;
        provisioning = p;
        // May run at once, on this thread or the one completing it: hence p is returned, not the field.
        p.whenComplete((v, e) -> {
            synchronized (this) {
                if (provisioning == p) {
                    provisioning = null;
                }
            }
        });
        return p;
    }

    private StoredIdentity issued(IssuedIdentity issued) {
        StoredIdentity stored = new StoredIdentity(provisioner, fingerprint, Instant.now(), issued);
        synchronized (this) {
            if (closed) {
                return stored;
            }
            identity = stored;
        }
        store.save(stored);
        LOG.info("{}: {} issued the session's identity: {}", config.name(), provisioner, issued.details());
        return stored;
    }

    private CompletionStage<Void> connectAs(StoredIdentity stored, long attempt) {
        Transport t;
        synchronized (this) {
            if (closed || attempt != attempts) {
                return CompletableFuture.failedFuture(TransportException.notConnected("connect attempt superseded"));
            }
            if (inner == null) {
                try {
                    inner = factory.create(ConfigOverlay.apply(config, stored.identity().settings()), context);
                } catch (InvalidConfigurationException e) {
                    forgetRefused(stored, null);
                    return CompletableFuture.failedFuture(new TransportException(ConnectionReason.INVALID_CONFIGURATION,
                            400, "the identity " + provisioner + " issued is unusable here (" + e.getMessage()
                                    + "); the next attempt provisions again", null));
                }
            }
            t = inner;
        }
        return t.connect().exceptionallyCompose(error -> refused(t, stored, error));
    }

    private CompletionStage<Void> refused(Transport t, StoredIdentity stored, Throwable error) {
        Throwable cause = Failures.unwrap(error);
        if (cause instanceof TransportException te && REFUSALS.contains(te.reason())) {
            forgetRefused(stored, t);
            return CompletableFuture.failedFuture(new TransportException(te.reason(), te.status(), te.getMessage()
                    + "; the service refused the identity " + provisioner + " issued, so the next attempt "
                    + "provisions again", te));
        }
        return CompletableFuture.failedFuture(cause);
    }

    private void forgetRefused(StoredIdentity stored, Transport t) {
        synchronized (this) {
            if (identity != stored) {
                return; // forgotten already, or a newer identity
            }
            identity = null;
            if (inner == t) {
                inner = null;
            }
        }
        if (t != null) {
            t.close();
        }
        store.forget();
    }

    @Override
    public CompletionStage<Void> disconnect() {
        Transport t;
        synchronized (this) {
            attempts++; // supersedes an attempt that waits for provisioning
            t = inner;
        }
        return t == null ? CompletableFuture.completedFuture(null) : t.disconnect();
    }

    @Override
    public CompletionStage<String> requestTwin() {
        return call(Transport::requestTwin);
    }

    @Override
    public CompletionStage<DmResult> sendReported(byte[] json) {
        return call(t -> t.sendReported(json));
    }

    @Override
    public CompletionStage<DmResult> publish(DmMessage message) {
        return call(t -> t.publish(message));
    }

    @Override
    public CompletionStage<Void> sendCommandResponse(String requestId, CommandResponse response) {
        return call(t -> t.sendCommandResponse(requestId, response));
    }

    private <T> CompletionStage<T> call(Function<Transport, CompletionStage<T>> operation) {
        Transport t;
        synchronized (this) {
            t = inner;
        }
        return t == null ? CompletableFuture.failedFuture(TransportException.notConnected("not connected"))
                : operation.apply(t);
    }

    @Override
    public synchronized int maxMessageBytes() {
        return inner == null ? DEFAULT_MAX_MESSAGE_BYTES : inner.maxMessageBytes();
    }

    @Override
    public void close() {
        Transport t;
        synchronized (this) {
            closed = true;
            t = inner;
            inner = null;
        }
        client.close();
        if (t != null) {
            t.close();
        }
        store.close();
    }

    @Override
    public synchronized String toString() {
        return inner == null ? client.toString() : inner + ", identity from " + provisioner;
    }
}
