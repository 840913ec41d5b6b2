package io.dmkit.itests;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmkit.api.CommandResponse;
import io.dmkit.api.ConnectionState;
import io.dmkit.api.handler.CommandHandler;
import io.dmkit.api.runtime.CommandDispatcherRuntime;
import io.dmkit.api.runtime.CommandHandlerInfo;
import io.dmkit.emulator.thingspro.CommandResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.inject.Inject;
import org.junit.Before;
import org.junit.Test;
import org.osgi.framework.Constants;

/** Commands from the service to whiteboard handlers registered by a bundle (this test bundle). */
public class CommandIT extends OsgiTestSupport {

    private static final Duration INVOKE_TIMEOUT = Duration.ofSeconds(10);

    @Inject
    private CommandDispatcherRuntime runtime;

    @Before
    public void connectSession() throws Exception {
        createSession(cloud.sessionProperties("cmd", "gw-cmd", Cloud.Listener.PLAIN));
        awaitState(awaitSession("cmd"), "connected", ConnectionState::isConnected);
        assertThat(cloud.service.awaitOnline("gw-cmd", WAIT)).isTrue();
    }

    private CommandResult invoke(String command, String payload) throws Exception {
        return cloud.service.invoke("gw-cmd", command, payload, INVOKE_TIMEOUT).get(20, TimeUnit.SECONDS);
    }

    @Test
    public void commandReachesTheHandlerAndTheReplyCarriesItsStatusAndPayload() throws Exception {
        register(CommandHandler.class, req -> CommandResponse.of(200, "{\"echo\":" + req.payloadAsString() + "}"),
                Map.of(CommandHandler.COMMAND_NAME, "echo"));
        CommandResult r = invoke("echo", "{\"hello\":1}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.payloadAsString()).isEqualTo("{\"echo\":{\"hello\":1}}");
    }

    @Test
    public void unknownCommandIsAnswered404() throws Exception {
        CommandResult r = invoke("no-such-command", "{}");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.payloadAsString()).contains("unknown command");
    }

    @Test
    public void throwingHandlerIsAnswered500WithoutAStackTrace() throws Exception {
        register(CommandHandler.class, req -> {
            throw new IllegalStateException("internal detail that must not leave the device");
        }, Map.of(CommandHandler.COMMAND_NAME, "boom"));
        CommandResult r = invoke("boom", "{}");
        assertThat(r.status()).isEqualTo(500);
        assertThat(r.payloadAsString()).startsWith("{\"error\":").doesNotContain("internal detail")
                .doesNotContain("at io.dmkit");
    }

    @Test
    public void handlerThatMissesTheDeadlineIsAnswered504AndItsLateAnswerDropped() throws Exception {
        try (LogCapture log = new LogCapture()) {
            CountDownLatch release = new CountDownLatch(1);
            register(CommandHandler.class, req -> {
                // a handler that ignores interruption: it answers only when the test lets it, after the deadline
                while (true) {
                    try {
                        release.await();
                        return CommandResponse.status(200);
                    } catch (InterruptedException e) {
                        // ignored on purpose
                    }
                }
            }, Map.of(CommandHandler.COMMAND_NAME, "slow"));
            CommandResult r = invoke("slow", "{}");
            assertThat(r.status()).isEqualTo(504);
            release.countDown();
            io.dmkit.testing.Await.until("late answer logged", WAIT, () -> log.contains("late answer is dropped"));
        }
    }

    @Test
    public void highestRankedHandlerAnswersAndTheOthersAreShadowed() throws Exception {
        register(CommandHandler.class, req -> CommandResponse.of(200, "\"low\""),
                Map.of(CommandHandler.COMMAND_NAME, new String[] {"who", "other"}, Constants.SERVICE_RANKING, 1));
        var high = register(CommandHandler.class, req -> CommandResponse.of(200, "\"high\""),
                Map.of(CommandHandler.COMMAND_NAME, "who", Constants.SERVICE_RANKING, 5));
        assertThat(invoke("who", "{}").payloadAsString()).isEqualTo("\"high\"");
        assertThat(invoke("other", "{}").payloadAsString()).isEqualTo("\"low\"");
        List<CommandHandlerInfo> who = runtime.commandHandlers().stream()
                .filter(i -> i.sessionName().equals("cmd") && i.commandName().equals("who")).toList();
        assertThat(who).extracting(CommandHandlerInfo::ranking, CommandHandlerInfo::active)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(5, true), org.assertj.core.groups.Tuple.tuple(1, false));
        high.unregister();
        assertThat(invoke("who", "{}").payloadAsString()).isEqualTo("\"low\"");
    }

    @Test
    public void handlerLimitedToAnotherSessionDoesNotAnswer() throws Exception {
        register(CommandHandler.class, req -> CommandResponse.status(204),
                Map.of(CommandHandler.COMMAND_NAME, "mine", CommandHandler.SESSION_NAME, "some-other-session"));
        assertThat(invoke("mine", "{}").status()).isEqualTo(404);
        register(CommandHandler.class, req -> CommandResponse.status(204),
                Map.of(CommandHandler.COMMAND_NAME, "mine", CommandHandler.SESSION_NAME, "cmd"));
        assertThat(invoke("mine", "{}").status()).isEqualTo(204);
    }
}
