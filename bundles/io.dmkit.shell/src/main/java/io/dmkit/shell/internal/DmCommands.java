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
import java.util.Map;
import java.util.concurrent.CompletionStage;
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
 * send a message or a reported patch, print the twin. A mistake gives one line that says what to do.
 */
@Component(service = DmCommands.class, property = {"osgi.command.scope=dm",
        "osgi.command.function=sessions", "osgi.command.function=connect", "osgi.command.function=disconnect",
        "osgi.command.function=send", "osgi.command.function=report", "osgi.command.function=twin",
        "osgi.command.function=handlers", "osgi.command.function=messages"})
public final class DmCommands {

    /** How long dm:send, dm:report and dm:disconnect wait for the outcome before saying so. */
    static final Duration WAIT = Duration.ofSeconds(30);

    @Reference
    private DeviceManagement dm;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile CommandDispatcherRuntime dispatcher;

    public DmCommands() {
    }

    DmCommands(DeviceManagement dm, CommandDispatcherRuntime dispatcher) {
        this.dm = dm;
        this.dispatcher = dispatcher;
    }

    @Descriptor("list the sessions: name, cloud, status, reason, since")
    public String sessions() {
        Table table = new Table("NAME", "CLOUD", "STATUS", "REASON", "SINCE");
        for (DmSession session : dm.sessions()) {
            ConnectionState state = session.state();
            table.row(session.name(), session.config().cloudType(), state.status(), state.reason(), state.since());
        }
        return table.toString();
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
        session(name).connect();
        return "connecting " + name;
    }

    @Descriptor("disconnect a session cleanly (it stays disconnected until dm:connect)")
    public String disconnect(@Descriptor("session name") String name) {
        await(session(name).disconnect(), "disconnecting " + name);
        return "disconnected " + name;
    }

    @Descriptor("send a telemetry message and wait for the service's acknowledgement")
    public String send(@Descriptor("session name") String name, @Descriptor("payload") String payload,
            @Descriptor("properties, as key=value") String... properties) {
        DmMessage.Builder message = DmMessage.builder(payload);
        for (Map.Entry<String, String> property : Properties.parse(properties).entrySet()) {
            message.property(property.getKey(), property.getValue());
        }
        return outcome(await(session(name).sendMessage(message.build()), "sending"));
    }

    @Descriptor("send a reported-properties patch (a JSON object) and wait for the service's answer")
    public String report(@Descriptor("session name") String name, @Descriptor("JSON object") String json) {
        return outcome(await(session(name).sendReported(json), "reporting"));
    }

    @Descriptor("print the session's twin as last received")
    public String twin(@Descriptor("session name") String name) {
        return session(name).twin().map(DmCommands::pretty).orElse("no twin yet: " + name + " has not connected");
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

    private DmSession session(String name) {
        return dm.session(name).orElseThrow(
                () -> new IllegalArgumentException("no session named '" + name + "' (dm:sessions lists them)"));
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
