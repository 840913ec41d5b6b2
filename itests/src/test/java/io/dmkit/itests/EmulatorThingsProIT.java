package io.dmkit.itests;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmkit.api.CommandResponse;
import io.dmkit.api.DmSession;
import io.dmkit.api.SessionConfig;
import io.dmkit.api.handler.CommandHandler;
import io.dmkit.testing.Await;
import io.dmkit.testing.EmulatorClient;
import java.util.Map;
import org.junit.Test;

/**
 * The gateway in the framework against the emulator run as a process, with the ThingsPro dialect: the same
 * ThingsPro cloud side as the Mosquitto-based tests, on the emulator's own broker.
 */
public class EmulatorThingsProIT extends EmulatorTestSupport {

    @Test
    public void configuredSessionAnswersAPingInvokedThroughTheEmulatorsRestApi() throws Exception {
        EmulatorClient api = cloudApi();
        assertThat(api.registerDevice("gw-emu", "thingspro", "none").status()).isEqualTo(200);
        register(CommandHandler.class, request -> CommandResponse.of(200, request.payloadAsString()),
                Map.of(CommandHandler.COMMAND_NAME, "ping"));
        createSession(Map.of(SessionConfig.NAME.id(), "emu", SessionConfig.CLOUD_TYPE.id(), "thingspro",
                SessionConfig.HOST.id(), "localhost", SessionConfig.PORT.id(), emulator().mqttPort(),
                SessionConfig.DEVICE_ID.id(), "gw-emu", "security", "none"));
        DmSession session = awaitSession("emu");
        Await.until("connected", WAIT, () -> session.state().isConnected());
        Await.until("online at the emulator", WAIT, () -> {
            EmulatorClient.Answer answer = api.invoke("gw-emu", "ping", "{\"hello\":1}", 5);
            return answer.status() == 200 && answer.body().equals("{\"status\":200,\"payload\":{\"hello\":1}}");
        });
    }
}
