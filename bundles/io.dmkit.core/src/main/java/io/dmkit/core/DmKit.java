package io.dmkit.core;

import io.dmkit.api.DeviceManagement;
import io.dmkit.api.DmSession;
import io.dmkit.api.SessionConfig;
import io.dmkit.api.spi.Provisioner;
import io.dmkit.api.spi.TransportFactory;
import io.dmkit.core.internal.outbox.Outboxes;
import io.dmkit.core.internal.session.SessionManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * dmkit for plain Java programs (no OSGi framework): the same {@link DeviceManagement} the OSGi
 * service offers. Close it when done; closing removes every session and ends every dmkit thread.
 *
 * <pre>{@code
 * try (DmKit dm = DmKit.open()) {
 *     DmSession s = dm.createSession(SessionConfig.builder("main")
 *             .cloudType("thingspro").host("broker.example.com").deviceId("gw-1").key("0a1b2c...").build());
 *     s.setCommandHandler(req -> CommandResponse.of(200, req.payloadAsString()));
 *     s.sendMessage(DmMessage.of("{\"temp\":21.5}")).thenAccept(r -> System.out.println(r));
 *     ...
 * }
 * }</pre>
 *
 * <p>Give the builder a {@linkplain Builder#dataDirectory data directory} to keep queued messages
 * on disk across restarts; {@link #open()} keeps them in memory.
 *
 * <p>{@link #open()} finds transports and provisioners on the class path through {@link ServiceLoader}
 * ({@code META-INF/services/io.dmkit.api.spi.TransportFactory} and
 * {@code META-INF/services/io.dmkit.api.spi.Provisioner}).
 */
public final class DmKit implements DeviceManagement, AutoCloseable {

    private final SessionManager manager;

    private DmKit(List<TransportFactory> transports, List<Provisioner> provisioners, Path dataDirectory) {
        Optional<Path> data = Optional.ofNullable(dataDirectory);
        manager = new SessionManager("dmkit", new Outboxes(data), data.map(d -> d.resolve("provisioning")));
        transports.forEach(manager::addTransportFactory);
        provisioners.forEach(manager::addProvisioner);
    }

    /** Opens dmkit with every transport and provisioner found on the class path. */
    public static DmKit open() {
        return builder().discoverTransports().discoverProvisioners().build();
    }

    /** A builder, for choosing the transports explicitly. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public DmSession createSession(SessionConfig config) {
        return manager.createSession(config);
    }

    @Override
    public Optional<DmSession> session(String name) {
        return manager.session(name);
    }

    @Override
    public List<DmSession> sessions() {
        return manager.sessions();
    }

    @Override
    public boolean removeSession(String name) {
        return manager.removeSession(name);
    }

    @Override
    public Set<String> cloudTypes() {
        return manager.cloudTypes();
    }

    /** Removes every session (disconnecting cleanly) and ends every dmkit thread. */
    @Override
    public void close() {
        manager.close();
    }

    /** Chooses the transports of a {@link DmKit}. */
    public static final class Builder {
        private final List<TransportFactory> transports = new ArrayList<>();
        private final List<Provisioner> provisioners = new ArrayList<>();
        private Path dataDirectory;

        private Builder() {
        }

        /** Adds a transport. */
        public Builder transport(TransportFactory factory) {
            transports.add(factory);
            return this;
        }

        /** Adds every transport listed in {@code META-INF/services} on the class path. */
        public Builder discoverTransports() {
            ServiceLoader.load(TransportFactory.class, DmKit.class.getClassLoader()).forEach(transports::add);
            return this;
        }

        /** Adds a provisioner (zero-touch provisioning for the sessions of its cloud type that ask for it). */
        public Builder provisioner(Provisioner provisioner) {
            provisioners.add(provisioner);
            return this;
        }

        /** Adds every provisioner listed in {@code META-INF/services} on the class path. */
        public Builder discoverProvisioners() {
            ServiceLoader.load(Provisioner.class, DmKit.class.getClassLoader()).forEach(provisioners::add);
            return this;
        }

        /**
         * Where sessions keep their persistent outboxes ({@code <directory>/<session>.db}), so that
         * queued messages survive a restart or crash of the program, and provisioned sessions their
         * identities ({@code <directory>/provisioning/<session>/}, owner-only). Without a data directory
         * every outbox is in memory and provisioned sessions provision at every start.
         */
        public Builder dataDirectory(Path directory) {
            this.dataDirectory = directory;
            return this;
        }

        public DmKit build() {
            return new DmKit(transports, provisioners, dataDirectory);
        }
    }
}
