package io.dmkit.dispatcher.internal;

import io.dmkit.api.CommandRequest;
import io.dmkit.api.CommandResponse;
import io.dmkit.api.DmSession;
import io.dmkit.api.Registration;
import io.dmkit.api.handler.CommandHandler;
import io.dmkit.api.handler.ConnectionListener;
import io.dmkit.api.handler.TwinListener;
import io.dmkit.api.handler.propertytypes.RequireDispatcher;
import io.dmkit.api.runtime.CommandDispatcherRuntime;
import io.dmkit.api.runtime.CommandHandlerInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceObjects;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whiteboard dispatcher: routes the commands of every {@link DmSession} service to the
 * highest-ranked {@link CommandHandler} service for the command name and session, and connects
 * {@link TwinListener} and {@link ConnectionListener} services to the sessions they serve.
 *
 * <p>It uses only the public API: it sets itself as each session's command handler, and adds
 * listeners to sessions, which tell late listeners the current state and twin at once. Commands
 * reach it on the core's handler threads, which also enforce the deadline (504) and turn
 * exceptions into 500; the dispatcher answers 404 when no handler serves a command. Handler
 * services are looked up per command from their service reference, so a handler that goes away
 * is never called afterwards, and a new, higher-ranked one takes over for the next command.
 *
 * <p>The bundle provides the {@code osgi.implementation} capability that the component property types
 * of {@link io.dmkit.api.handler.propertytypes} require, so a handler bundle that uses them resolves
 * only where a dispatcher is installed.
 */
@Component(immediate = true, service = CommandDispatcherRuntime.class)
@Capability(namespace = RequireDispatcher.NAMESPACE, name = RequireDispatcher.IMPLEMENTATION,
        version = RequireDispatcher.VERSION, uses = CommandHandler.class)
public final class Dispatcher implements CommandDispatcherRuntime {

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    private final BundleContext context;
    private final CommandRouter<ServiceReference<CommandHandler>> router = new CommandRouter<>();
    private final Map<String, DmSession> sessions = new LinkedHashMap<>();
    private final Map<String, Registration> commandRegistrations = new LinkedHashMap<>();
    private final ListenerWiring<TwinListener> twinListeners = new ListenerWiring<>(DmSession::addTwinListener);
    private final ListenerWiring<ConnectionListener> connectionListeners =
            new ListenerWiring<>(DmSession::addConnectionListener);

    @Activate
    public Dispatcher(BundleContext context) {
        this.context = context;
    }

    @Deactivate
    void deactivate() {
        List<Runnable> work = new ArrayList<>();
        synchronized (this) {
            for (String name : new ArrayList<>(sessions.keySet())) {
                work.addAll(forgetSession(name));
            }
        }
        work.forEach(Runnable::run);
    }

    // ---- sessions ----

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindSession(DmSession session) {
        List<Runnable> work = new ArrayList<>();
        synchronized (this) {
            if (sessions.putIfAbsent(session.name(), session) != null) {
                LOG.warn("two sessions named {}; the dispatcher serves the first", session.name());
                return;
            }
            work.add(() -> routeCommands(session));
            work.addAll(twinListeners.addSession(session));
            work.addAll(connectionListeners.addSession(session));
        }
        work.forEach(Runnable::run);
    }

    void unbindSession(DmSession session) {
        List<Runnable> work;
        synchronized (this) {
            if (sessions.get(session.name()) != session) {
                return;
            }
            work = forgetSession(session.name());
        }
        work.forEach(Runnable::run);
    }

    private List<Runnable> forgetSession(String name) {
        sessions.remove(name);
        List<Runnable> work = new ArrayList<>();
        Registration commands = commandRegistrations.remove(name);
        if (commands != null) {
            work.add(commands::close);
        }
        work.addAll(twinListeners.removeSession(name));
        work.addAll(connectionListeners.removeSession(name));
        return work;
    }

    private void routeCommands(DmSession session) {
        try {
            Registration r = session.setCommandHandler(request -> dispatch(session.name(), request));
            synchronized (this) {
                if (sessions.get(session.name()) == session) {
                    commandRegistrations.put(session.name(), r);
                    return;
                }
            }
            r.close(); // the session went away meanwhile
        } catch (IllegalStateException e) {
            LOG.warn("session {} already has a command handler set in code; whiteboard "
                    + "command handlers will not see its commands", session.name());
        }
    }

    // ---- commands ----

    @Reference(service = CommandHandler.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            target = "(" + CommandHandler.COMMAND_NAME + "=*)")
    void bindCommandHandler(ServiceReference<CommandHandler> reference) {
        HandlerEntry entry = entry(reference, CommandHandler.SESSION_NAME, CommandHandler.COMMAND_NAME);
        if (entry.commands.isEmpty()) {
            LOG.warn("command handler {} names no command in {}; ignored", entry, CommandHandler.COMMAND_NAME);
            return;
        }
        router.put(reference, entry);
        LOG.debug("command handler {} for {}", entry, entry.commands);
    }

    void updatedCommandHandler(ServiceReference<CommandHandler> reference) {
        router.remove(reference);
        bindCommandHandler(reference);
    }

    void unbindCommandHandler(ServiceReference<CommandHandler> reference) {
        router.remove(reference);
    }

    private CommandResponse dispatch(String session, CommandRequest request) throws Exception {
        Optional<ServiceReference<CommandHandler>> route = router.route(session, request.name());
        ServiceObjects<CommandHandler> objects = route.map(context::getServiceObjects).orElse(null);
        CommandHandler handler = objects == null ? null : objects.getService();
        if (handler == null) {
            LOG.info("{}: no command handler for '{}' (request {}); answering 404", session, request.name(),
                    request.requestId());
            return CommandResponse.error(404, "unknown command: " + request.name());
        }
        try {
            return handler.handle(request);
        } finally {
            objects.ungetService(handler);
        }
    }

    @Override
    public List<CommandHandlerInfo> commandHandlers() {
        List<String> names;
        synchronized (this) {
            names = new ArrayList<>(sessions.keySet());
        }
        return router.describe(names);
    }

    // ---- listeners ----

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, updated = "updatedTwinListener")
    void bindTwinListener(TwinListener listener, Map<String, Object> properties) {
        bind(twinListeners, listener, properties, TwinListener.SESSION_NAME);
    }

    void updatedTwinListener(TwinListener listener, Map<String, Object> properties) {
        unbind(twinListeners, listener);
        bind(twinListeners, listener, properties, TwinListener.SESSION_NAME);
    }

    void unbindTwinListener(TwinListener listener) {
        unbind(twinListeners, listener);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, updated = "updatedConnectionListener")
    void bindConnectionListener(ConnectionListener listener, Map<String, Object> properties) {
        bind(connectionListeners, listener, properties, ConnectionListener.SESSION_NAME);
    }

    void updatedConnectionListener(ConnectionListener listener, Map<String, Object> properties) {
        unbind(connectionListeners, listener);
        bind(connectionListeners, listener, properties, ConnectionListener.SESSION_NAME);
    }

    void unbindConnectionListener(ConnectionListener listener) {
        unbind(connectionListeners, listener);
    }

    private <L> void bind(ListenerWiring<L> wiring, L listener, Map<String, Object> properties, String sessionProperty) {
        HandlerEntry entry = HandlerEntry.of(properties, sessionProperty, null, "");
        List<Runnable> work;
        synchronized (this) {
            work = wiring.addListener(listener, entry, sessions.values());
        }
        work.forEach(Runnable::run);
    }

    private <L> void unbind(ListenerWiring<L> wiring, L listener) {
        List<Runnable> work;
        synchronized (this) {
            work = wiring.removeListener(listener);
        }
        work.forEach(Runnable::run);
    }

    private static HandlerEntry entry(ServiceReference<?> reference, String sessionProperty, String commandProperty) {
        Map<String, Object> properties = new LinkedHashMap<>();
        for (String key : reference.getPropertyKeys()) {
            properties.put(key, reference.getProperty(key));
        }
        Bundle bundle = reference.getBundle();
        return HandlerEntry.of(properties, sessionProperty, commandProperty,
                bundle == null ? "?" : bundle.getSymbolicName());
    }
}
