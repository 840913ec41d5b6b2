package io.dmkit.core.internal.session;

import io.dmkit.api.DeviceManagement;
import io.dmkit.api.DmSession;
import io.dmkit.api.InvalidConfigurationException;
import io.dmkit.api.SessionConfig;
import io.dmkit.api.Setting;
import io.dmkit.api.spi.Provisioner;
import io.dmkit.api.spi.Transport;
import io.dmkit.api.spi.TransportFactory;
import io.dmkit.core.internal.execution.CoreExecutors;
import io.dmkit.core.internal.outbox.Outboxes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sessions of one dmkit instance and the transports they use. This is the engine behind both
 * the OSGi service and {@code DmKit} for plain Java.
 *
 * <p>Transports come and go (bundles start and stop): a session whose transport is missing waits
 * for it, and reconnects when it arrives, if it was asked to connect.
 */
public final class SessionManager implements DeviceManagement, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SessionManager.class);
    /** How long removing one session may take before its resources are abandoned with a warning. */
    private static final long REMOVE_TIMEOUT_SECONDS = 10;
    private static final Set<String> CORE_SETTING_IDS = SessionConfig.settings().stream().map(Setting::id)
            .collect(Collectors.toUnmodifiableSet());

    /** Told when sessions appear and disappear (to register them as OSGi services). */
    public interface Listener {
        void sessionAdded(DmSession session);

        void sessionRemoved(DmSession session);
    }

    private final CoreExecutors executors;
    private final Outboxes outboxes;
    private final Optional<Path> identities;
    private final Map<String, SessionImpl> sessions = new LinkedHashMap<>();
    private final Map<String, List<TransportFactory>> factories = new LinkedHashMap<>();
    private final Map<SessionImpl, TransportFactory> attached = new LinkedHashMap<>();
    /** Each factory's declared options, read once when it arrives (its code runs outside the lock). */
    private final Map<TransportFactory, List<Setting<?>>> declared = new HashMap<>();
    /** The provisioners by cloud type, the first of each list preferred, and their options, read once. */
    private final Map<String, List<Provisioner>> provisioners = new LinkedHashMap<>();
    private final Map<Provisioner, List<Setting<?>>> provisionerOptions = new HashMap<>();
    /** Which provisioner provisions a session's transport. */
    private final Map<SessionImpl, Provisioner> provisionedBy = new HashMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private boolean closed;

    /**
     * @param threadPrefix names dmkit's threads
     * @param outboxes     makes each session's message outbox
     */
    public SessionManager(String threadPrefix, Outboxes outboxes) {
        this(threadPrefix, outboxes, Optional.empty());
    }

    /**
     * @param identities where provisioned sessions keep their identities, one directory each; empty
     *                   to keep them only while the session exists
     */
    public SessionManager(String threadPrefix, Outboxes outboxes, Optional<Path> identities) {
        this.executors = new CoreExecutors(threadPrefix);
        this.outboxes = outboxes;
        this.identities = identities;
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
        sessions().forEach(listener::sessionAdded);
    }

    public void removeListener(Listener listener) {
        listeners.remove(listener);
    }

    @Override
    public DmSession createSession(SessionConfig config) {
        SessionImpl session;
        TransportFactory factory;
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("dmkit is closed");
            }
            String type = config.cloudType();
            if (sessions.containsKey(config.name())) {
                throw new IllegalStateException("a session named '" + config.name() + "' exists already");
            }
            session = new SessionImpl(config, executors, outboxes.open(config));
            sessions.put(config.name(), session);
            factory = activeFactory(type);
            if (factory != null) {
                attached.put(session, factory);
            }
        }
        if (factory != null) {
            Transport transport;
            try {
                transport = createTransport(session, factory);
            } catch (RuntimeException e) {
                synchronized (this) {
                    sessions.remove(config.name());
                    attached.remove(session);
                    provisionedBy.remove(session);
                }
                session.close();
                throw e;
            }
            session.attach(transport);
        } else {
            LOG.info("{}: no transport for cloud type '{}' yet (installed: {}); the "
                    + "session waits for it", config.name(), config.cloudType(), cloudTypes());
        }
        LOG.info("session created: {}", config);
        if (config.autoConnect()) {
            session.connect();
        }
        listeners.forEach(l -> l.sessionAdded(session));
        return session;
    }

    @Override
    public synchronized Optional<DmSession> session(String name) {
        return Optional.ofNullable(sessions.get(name));
    }

    @Override
    public synchronized List<DmSession> sessions() {
        return List.copyOf(sessions.values());
    }

    @Override
    public boolean removeSession(String name) {
        SessionImpl session;
        synchronized (this) {
            session = sessions.remove(name);
            if (session == null) {
                return false;
            }
            attached.remove(session);
            provisionedBy.remove(session);
        }
        listeners.forEach(l -> l.sessionRemoved(session));
        await(session.name(), session.close());
        LOG.info("session removed: {}", name);
        return true;
    }

    @Override
    public synchronized Set<String> cloudTypes() {
        Set<String> types = new TreeSet<>();
        factories.forEach((type, list) -> {
            if (!list.isEmpty()) {
                types.add(type);
            }
        });
        return types;
    }

    /** A transport factory appeared: sessions waiting for its cloud type get a transport. */
    public void addTransportFactory(TransportFactory factory) {
        List<Setting<?>> options = declaredOptions(factory.cloudType(), factory, factory::settings);
        List<SessionImpl> waiting = new ArrayList<>();
        synchronized (this) {
            declared.put(factory, options);
            warnOfOptionsDeclaredTwice(factory);
            List<TransportFactory> list = factories.computeIfAbsent(factory.cloudType(), t -> new ArrayList<>());
            list.add(factory);
            if (list.size() > 1) {
                LOG.warn("a second transport for cloud type '{}' appeared ({}); "
                        + "sessions keep using {}", factory.cloudType(), factory, list.get(0));
                return;
            }
            for (SessionImpl s : sessions.values()) {
                if (s.config().cloudType().equals(factory.cloudType()) && !attached.containsKey(s)) {
                    attached.put(s, factory);
                    waiting.add(s);
                }
            }
        }
        LOG.info("transport for cloud type '{}' available", factory.cloudType());
        waiting.forEach(s -> attach(s, factory));
    }

    /** A transport factory went away: its sessions drop their connection and wait for another. */
    public void removeTransportFactory(TransportFactory factory) {
        List<SessionImpl> affected = new ArrayList<>();
        TransportFactory replacement;
        synchronized (this) {
            declared.remove(factory);
            List<TransportFactory> list = factories.getOrDefault(factory.cloudType(), List.of());
            boolean wasActive = !list.isEmpty() && list.get(0) == factory;
            list.remove(factory);
            if (!wasActive) {
                return;
            }
            replacement = list.isEmpty() ? null : list.get(0);
            attached.entrySet().removeIf(e -> {
                if (e.getValue() == factory) {
                    affected.add(e.getKey());
                    return true;
                }
                return false;
            });
            if (replacement != null) {
                affected.forEach(s -> attached.put(s, replacement));
            }
        }
        LOG.info("transport for cloud type '{}' went away; {} session(s) affected", factory.cloudType(),
                affected.size());
        for (SessionImpl s : affected) {
            s.detach();
            if (replacement != null) {
                attach(s, replacement);
            }
        }
    }

    /**
     * A provisioner appeared: sessions of its cloud type that ask for it (and have no provisioner yet)
     * get a transport that provisions.
     */
    public void addProvisioner(Provisioner provisioner) {
        List<Setting<?>> options = declaredOptions(provisioner.cloudType(), provisioner, provisioner::settings);
        Map<SessionImpl, TransportFactory> candidates = new LinkedHashMap<>();
        synchronized (this) {
            provisionerOptions.put(provisioner, options);
            provisioners.computeIfAbsent(provisioner.cloudType(), t -> new ArrayList<>()).add(provisioner);
            attached.forEach((s, f) -> {
                if (f.cloudType().equals(provisioner.cloudType()) && !provisionedBy.containsKey(s)) {
                    candidates.put(s, f);
                }
            });
        }
        LOG.info("provisioner {} for cloud type '{}' available", provisioner.name(), provisioner.cloudType());
        candidates.forEach((s, f) -> {
            if (requests(provisioner, s.config())) {
                s.detach();
                attach(s, f);
            }
        });
    }

    /** A provisioner went away: its sessions get a transport without it (or with another that they ask for). */
    public void removeProvisioner(Provisioner provisioner) {
        Map<SessionImpl, TransportFactory> affected = new LinkedHashMap<>();
        synchronized (this) {
            provisionerOptions.remove(provisioner);
            provisioners.getOrDefault(provisioner.cloudType(), new ArrayList<>()).remove(provisioner);
            provisionedBy.forEach((s, p) -> {
                if (p == provisioner && attached.containsKey(s)) {
                    affected.put(s, attached.get(s));
                }
            });
            affected.keySet().forEach(provisionedBy::remove);
        }
        LOG.info("provisioner {} for cloud type '{}' went away; {} session(s) affected", provisioner.name(),
                provisioner.cloudType(), affected.size());
        affected.forEach((s, f) -> {
            s.detach();
            attach(s, f);
        });
    }

    private static boolean requests(Provisioner provisioner, SessionConfig config) {
        try {
            return provisioner.isRequestedBy(config);
        } catch (RuntimeException e) {
            LOG.error("{}: provisioner {} failed to say whether the session asks for it; it is not used",
                    config.name(), provisioner.name(), e);
            return false;
        }
    }

    private void attach(SessionImpl session, TransportFactory factory) {
        try {
            session.attach(createTransport(session, factory));
        } catch (InvalidConfigurationException e) {
            LOG.error("{}: configuration unusable for cloud type '{}': {}", session.name(), factory.cloudType(),
                    e.getMessage());
            session.attachFailed(e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("{}: transport {} failed to start", session.name(), factory, e);
            session.attachFailed("transport failed to start: " + e);
        }
    }

    /**
     * The options of the transports available now, by cloud type (sorted): what the session
     * configuration form shows beside the settings of every session.
     */
    public synchronized Map<String, List<Setting<?>>> transportSettings() {
        Map<String, List<Setting<?>>> settings = new TreeMap<>();
        factories.forEach((type, list) -> {
            if (!list.isEmpty()) {
                settings.put(type, new ArrayList<>(declared.get(list.get(0))));
            }
        });
        provisioners.forEach((type, list) -> list.forEach(p -> settings.computeIfAbsent(type, t -> new ArrayList<>())
                .addAll(provisionerOptions.get(p))));
        settings.replaceAll((type, list) -> List.copyOf(list));
        return settings;
    }

    private Transport createTransport(SessionImpl session, TransportFactory factory) {
        List<Setting<?>> options;
        List<Provisioner> candidates;
        Set<String> elsewhere = new TreeSet<>();
        synchronized (this) {
            options = declared.getOrDefault(factory, List.of());
            candidates = List.copyOf(provisioners.getOrDefault(factory.cloudType(), List.of()));
            declared.forEach((f, list) -> {
                if (f != factory) {
                    list.forEach(o -> elsewhere.add(o.id()));
                }
            });
            provisionerOptions.values().forEach(list -> list.forEach(o -> elsewhere.add(o.id())));
        }
        Provisioner provisioner = candidates.stream().filter(p -> requests(p, session.config())).findFirst()
                .orElse(null);
        List<Setting<?>> provisionerSettings;
        synchronized (this) {
            if (provisioner == null) {
                provisionedBy.remove(session);
                provisionerSettings = List.of();
            } else {
                provisionedBy.put(session, provisioner);
                provisionerSettings = provisionerOptions.getOrDefault(provisioner, List.of());
            }
        }
        if (provisioner == null) {
            return session.createTransport(factory, options, elsewhere);
        }
        List<Setting<?>> all = new ArrayList<>(options);
        all.addAll(provisionerSettings);
        return session.createProvisionedTransport(factory, provisioner, provisionerSettings, all, elsewhere,
                identities);
    }

    /**
     * What a transport or provisioner declares, read once, without the options named like a setting of
     * every session: the session's own setting always wins there, so such an option could never be set.
     */
    private static List<Setting<?>> declaredOptions(String cloudType, Object declarer,
            Supplier<List<Setting<?>>> settings) {
        List<Setting<?>> options = new ArrayList<>();
        try {
            for (Setting<?> o : settings.get()) {
                if (CORE_SETTING_IDS.contains(o.id())) {
                    LOG.warn("{} (cloud type '{}') declares the option {}, which is a setting of every session; the "
                            + "option is ignored", declarer, cloudType, o.id());
                } else {
                    options.add(o);
                }
            }
        } catch (RuntimeException e) {
            LOG.error("{} (cloud type '{}') failed to declare its options; it has none", declarer, cloudType, e);
            return List.of();
        }
        return List.copyOf(options);
    }

    /** Once per transport: an option id that another installed transport declares too is shown once in the form. */
    private void warnOfOptionsDeclaredTwice(TransportFactory factory) {
        for (Setting<?> o : declared.get(factory)) {
            declared.forEach((other, list) -> {
                if (other != factory && list.stream().anyMatch(x -> x.id().equals(o.id()))) {
                    LOG.warn("the transports for cloud types '{}' and '{}' both declare the option {}; the session "
                            + "form shows it once", other.cloudType(), factory.cloudType(), o.id());
                }
            });
        }
    }

    private TransportFactory activeFactory(String type) {
        List<TransportFactory> list = factories.get(type);
        return list == null || list.isEmpty() ? null : list.get(0);
    }

    /** Removes every session, then ends every dmkit thread. */
    @Override
    public void close() {
        List<SessionImpl> all;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            all = new ArrayList<>(sessions.values());
            sessions.clear();
            attached.clear();
            provisionedBy.clear();
        }
        Map<String, CompletableFuture<Void>> closing = new LinkedHashMap<>();
        for (SessionImpl s : all) {
            listeners.forEach(l -> l.sessionRemoved(s));
            closing.put(s.name(), s.close());
        }
        closing.forEach(this::await);
        executors.shutdown();
    }

    private void await(String name, CompletableFuture<Void> closing) {
        try {
            closing.get(REMOVE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            LOG.warn("{}: session did not close within {} s; abandoning it", name, REMOVE_TIMEOUT_SECONDS);
        } catch (ExecutionException e) {
            LOG.warn("{}: closing failed", name, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
