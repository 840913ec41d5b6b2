package io.dmkit.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dmkit.api.CommandResponse;
import io.dmkit.api.DmSession;
import io.dmkit.api.SessionConfig;
import io.dmkit.api.handler.CommandHandler;
import io.dmkit.testing.Await;
import io.dmkit.testing.EmulatorClient;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.junit.Test;
import org.osgi.framework.Constants;

/** The dm: Gogo commands in the framework, run through Gogo's command processor against a live session. */
public class ShellIT extends EmulatorTestSupport {

    @Override
    protected List<String> extraBundles() {
        return List.of("org.apache.felix.gogo.runtime", "io.dmkit.shell");
    }

    private Object run(String command) throws Exception {
        CommandProcessor processor = Await.value("Gogo's command processor", WAIT, () -> {
            var reference = context.getServiceReference(CommandProcessor.class);
            return reference == null ? null : context.getService(reference);
        });
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CommandSession session = processor.createSession(new ByteArrayInputStream(new byte[0]),
                new PrintStream(out), new PrintStream(out))) {
            return session.execute(command);
        }
    }

    @Test
    public void commandsShowSessionsHandlersAndTwinAndSendThroughTheSession() throws Exception {
        EmulatorClient api = cloudApi();
        assertThat(api.registerDevice("gw-shell", "thingspro", "none").status()).isEqualTo(200);
        register(CommandHandler.class, request -> CommandResponse.status(200),
                Map.of(CommandHandler.COMMAND_NAME, "reboot", Constants.SERVICE_RANKING, 10));
        register(CommandHandler.class, request -> CommandResponse.status(500),
                Map.of(CommandHandler.COMMAND_NAME, "reboot"));
        createSession(Map.of(SessionConfig.NAME.id(), "shell", SessionConfig.CLOUD_TYPE.id(), "thingspro",
                SessionConfig.HOST.id(), "localhost", SessionConfig.PORT.id(), emulator().mqttPort(),
                SessionConfig.DEVICE_ID.id(), "gw-shell", "security", "none"));
        DmSession session = awaitSession("shell");
        Await.until("connected", WAIT, () -> session.state().isConnected());
        Await.until("twin received", WAIT, () -> session.twin().isPresent());

        assertThat(run("dm:sessions").toString()).containsPattern("(?m)^shell\\s+thingspro\\s+CONNECTED\\s+OK\\s+\\S+");
        assertThat(run("dm:send shell '{\"t\":1}' unit=C")).isEqualTo("accepted");
        Await.until("message at the emulator", WAIT, () -> api.messages("gw-shell", 5).body().contains("\"unit\":\"C\""));
        assertThat(run("dm:messages").toString()).containsPattern("(?m)^shell\\s+disk\\s+0\\s+0\\s+1\\s+0\\s+-$");
        assertThat(run("dm:report shell '{\"fw\":\"2.0\"}'").toString()).startsWith("accepted, version ");
        assertThat(api.twin("gw-shell").body()).contains("\"fw\":\"2.0\"");
        assertThat(run("dm:twin shell").toString()).contains("\"desired\"").contains("\"reported\"");
        assertThat(run("dm:handlers").toString())
                .containsPattern("(?m)^\\S+\\s+reboot\\s+active\\s+10\\s")
                .containsPattern("(?m)^\\S+\\s+reboot\\s+shadowed\\s+0\\s");
        assertThat(run("dm:disconnect shell")).isEqualTo("disconnected shell");
        assertThat(session.state().isConnected()).isFalse();
    }

    @Test
    public void aSessionWhoseConfigurationIsUnusableIsListedWithWhatIsWrong() throws Exception {
        createSession(Map.of(SessionConfig.NAME.id(), "broken", SessionConfig.CLOUD_TYPE.id(), "thingspro",
                SessionConfig.HOST.id(), "localhost", "security", "none"));
        awaitSession("broken");
        assertThat(run("dm:sessions").toString()).containsPattern(
                "(?m)^broken\\s+thingspro\\s+DISCONNECTED\\s+INVALID_CONFIGURATION\\s+\\S+\\s+device.id: is required");
        assertThat(run("dm:session broken").toString()).contains("detail  device.id: is required for ThingsPro sessions")
                .contains("config  unusable:");
    }

    @Test
    public void mistakesGiveOneClearLine() {
        assertThatThrownBy(() -> run("dm:connect nosuch"))
                .hasMessage("no session named 'nosuch' (dm:sessions lists them)");
        assertThatThrownBy(() -> run("dm:send nosuch x"))
                .hasMessage("no session named 'nosuch' (dm:sessions lists them)");
    }
}
