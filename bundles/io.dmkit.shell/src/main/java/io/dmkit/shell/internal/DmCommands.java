package io.dmkit.shell.internal;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonParser;
import io.dmkit.api.ConnectionState;
import io.dmkit.api.DeviceManagement;
import io.dmkit.api.DmMessage;
import io.dmkit.api.DmResult;
import io.dmkit.api.DmSession;
import io.dmkit.api.MessageStats;
import io.dmkit.api.TwinUpdate;
import io.dmkit.api.runtime.CommandDispatcherRuntime;
import io.dmkit.api.runtime.CommandHandlerInfo;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The {@code dm:} commands of the Gogo shell: look at sessions and handlers, connect and disconnect,
 * re-provision, send a message or a reported patch, print the twin. A mistake gives one line that says what to do.
 */
@Component(service = DmCommands.class, property = {"osgi.command.scope=dm",
        "osgi.command.function=sessions", "osgi.command.function=session", "osgi.command.function=connect",
        "osgi.command.function=disconnect", "osgi.command.function=reprovision",
        "osgi.command.function=send", "osgi.command.function=report", "osgi.command.function=twin",
        "osgi.command.function=handlers", "osgi.command.function=messages"})
public final class DmCommands {

    /** How long dm:send, dm:report and dm:disconnect wait for the outcome before saying so. */
    static final Duration WAIT = Duration.ofSeconds(30);
    /** How much of a state's detail dm:sessions shows. */
    static final int DETAIL_SHOWN = 60;

    @Reference
    private DeviceManagement dm;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile CommandDispatcherRuntime dispatcher;

    /**
     * Every DmSession service and the cloud type it is registered with: the live sessions and the
     * placeholders the core registers for configurations it cannot use, which
     * {@link DeviceManagement#sessions()} does not list. By service, not by name: a placeholder may share
     * its name with a live session (a configuration refused because the name is taken).
     */
    private final Map<DmSession, Object> listed = new ConcurrentHashMap<>();

    public DmCommands() {
    }

    DmCommands(DeviceManagement dm, CommandDispatcherRuntime dispatcher) {
        this.dm = dm;
        this.dispatcher = dispatcher;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addSession(DmSession session, Map<String, Object> properties) {
        listed.put(session, Objects.requireNonNullElse(properties.get(DmSession.CLOUD_TYPE), ""));
    }

    void removeSession(DmSession session) {
        listed.remove(session);
    }

    /** The listed sessions, by name; of two with one name, the live one first. */
    private List<Map.Entry<DmSession, Object>> byName() {
        Comparator<Map.Entry<DmSession, Object>> order = Comparator.comparing(e -> e.getKey().name());
        return listed.entrySet().stream()
                .sorted(order.thenComparing(e -> dm.session(e.getKey().name()).orElse(null) != e.getKey()))
                .toList();
    }

    @Descriptor("list the sessions (also those whose configuration is unusable): name, cloud, status, reason, "
            + "since, detail")
    public String sessions() {
        Table table = new Table("NAME", "CLOUD", "STATUS", "REASON", "SINCE", "DETAIL");
        for (Map.Entry<DmSession, Object> e : byName()) {
            ConnectionState state = e.getKey().state();
            table.row(e.getKey().name(), e.getValue(), state.status(), state.reason(), state.since(),
                    shorten(state.detail()));
        }
        return table.toString();
    }

    @Descriptor("show one session: its state with the whole detail, and its configuration (secrets masked)")
    public String session(@Descriptor("session name") String name) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<DmSession, Object> e : byName()) {
            if (e.getKey().name().equals(name)) {
                out.append(describe(e.getKey(), e.getValue()));
            }
        }
        if (out.length() == 0) {
            throw noSession(name);
        }
        return out.toString();
    }

    private static String describe(DmSession session, Object cloudType) {
        ConnectionState state = session.state();
        String text = "session " + session.name() + " (" + cloudType + ")\n  state   " + state.status() + " ("
                + state.reason() + ") since " + state.since()
                + (state.detail().isEmpty() ? "" : "\n  detail  " + state.detail());
        String config;
        try {
            config = session.config().toString();
        } catch (IllegalStateException unusable) {
            config = "unusable: " + unusable.getMessage();
        }
        String provisioned = session.provisioned().map(p -> "\n  identity from " + p.provisioner() + " at "
                + p.time() + ": " + p.details() + p.payload().map(json -> "\n  payload " + json).orElse(""))
                .orElse("");
        return text + provisioned + "\n  config  " + config + "\n";
    }

    private static IllegalArgumentException noSession(String name) {
        return new IllegalArgumentException("no session named '" + name + "' (dm:sessions lists them)");
    }

    /** A detail fits a table line: the first {@value #DETAIL_SHOWN} characters; dm:session shows it whole. */
    private static String shorten(String detail) {
        return detail.isEmpty() ? null : detail.length() <= DETAIL_SHOWN ? detail
                : detail.substring(0, DETAIL_SHOWN - 3) + "...";
    }

    @Descriptor("list each session's message queue: outbox, queued, in flight, sent, dropped, oldest age")
    public String messages() {
        Table table = new Table("NAME", "OUTBOX", "QUEUED", "IN-FLIGHT", "SENT", "DROPPED", "OLDEST");
        for (DmSession session : dm.sessions()) {
            MessageStats m = session.messageStats();
            table.row(session.name(), m.persistent() ? "disk" : "memory", m.queued(), m.inFlight(), m.sent(),
                    m.dropped(), m.queued() == 0 ? null : m.oldestAge().toSeconds() + "s");
        }
        return table.toString();
    }

    @Descriptor("connect a session (it then stays connected, reconnecting as needed)")
    public String connect(@Descriptor("session name") String name) {
        live(name).connect();
        return "connecting " + name;
    }

    @Descriptor("forget a provisioned session's identity and ask its provisioning service again (then connect)")
    public String reprovision(@Descriptor("session name") String name) {
        live(name).reprovision();
        return "re-provisioning " + name + " (dm:session " + name + " shows the progress)";
    }

    @Descriptor("disconnect a session cleanly (it stays disconnected until dm:connect)")
    public String disconnect(@Descriptor("session name") String name) {
        await(live(name).disconnect(), "disconnecting " + name);
        return "disconnected " + name;
    }

    @Descriptor("send a telemetry message and wait for the service's acknowledgement")
    public String send(@Descriptor("session name") String name, @Descriptor("payload") String payload,
            @Descriptor("properties, as key=value") String... properties) {
        DmMessage.Builder message = DmMessage.builder(payload);
        for (Map.Entry<String, String> property : Properties.parse(properties).entrySet()) {
            message.property(property.getKey(), property.getValue());
        }
        return outcome(await(live(name).sendMessage(message.build()), "sending"));
    }

    @Descriptor("send a reported-properties patch (a JSON object) and wait for the service's answer")
    public String report(@Descriptor("session name") String name, @Descriptor("JSON object") String json) {
        return outcome(await(live(name).sendReported(json), "reporting"));
    }

    @Descriptor("print the session's twin as last received")
    public String twin(@Descriptor("session name") String name) {
        return live(name).twin().map(DmCommands::pretty).orElse("no twin yet: " + name + " has not connected");
    }

    @Descriptor("list the command handlers per session and command: the active one first, then shadowed ones")
    public String handlers() {
        CommandDispatcherRuntime runtime = dispatcher;
        if (runtime == null) {
            throw new IllegalStateException("the dmkit dispatcher bundle is not running: install and start it");
        }
        Table table = new Table("SESSION", "COMMAND", "STATE", "RANKING", "SERVICE", "BUNDLE");
        for (CommandHandlerInfo handler : runtime.commandHandlers()) {
            table.row(handler.sessionName(), handler.commandName(), handler.active() ? "active" : "shadowed",
                    handler.ranking(), handler.serviceId(), handler.bundle());
        }
        return table.toString();
    }

    /** A live session: one that can connect, send and report (not a placeholder of an unusable configuration). */
    private DmSession live(String name) {
        return dm.session(name).orElseThrow(() -> noSession(name));
    }

    private static String outcome(DmResult result) {
        return result.isAccepted() ? "accepted" + (result.version().isPresent() ? ", version " + result.version().getAsLong() : "")
                : "refused with " + result.status() + (result.detail().isEmpty() ? "" : ": " + result.detail());
    }

    private static String pretty(TwinUpdate twin) {
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create()
                .toJson(JsonParser.parseString(twin.json()));
    }

    private static <T> T await(CompletionStage<T> stage, String what) {
        try {
            return stage.toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException(what + " took more than " + WAIT.toSeconds() + " s; it goes on in the "
                    + "background");
        } catch (ExecutionException e) {
            throw new IllegalStateException(what + " failed: " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + " interrupted");
        }
    }
}
