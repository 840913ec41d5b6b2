package io.dmkit.itests;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.dmkit.api.DmSession;
import io.dmkit.api.SessionConfig;
import io.dmkit.testing.Await;
import io.dmkit.testing.EmulatorClient;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/**
 * The example application bundles in the framework against the emulator (ThingsPro dialect): the ping and
 * system.info handlers answer through the REST API, and the telemetry example follows the desired
 * interval, reports it back and sends readings with properties.
 */
public class ExamplesIT extends EmulatorTestSupport {

    @Override
    protected List<String> extraBundles() {
        return List.of("io.dmkit.examples.commands", "io.dmkit.examples.telemetry");
    }

    private DmSession connect(EmulatorClient api, String device) {
        assertThat(api.registerDevice(device, "thingspro", "none").status()).isEqualTo(200);
        try {
            createSession(Map.of(SessionConfig.NAME.id(), device, SessionConfig.CLOUD_TYPE.id(), "thingspro",
                    SessionConfig.HOST.id(), "localhost", SessionConfig.PORT.id(), emulator().mqttPort(),
                    SessionConfig.DEVICE_ID.id(), device, "security", "none"));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        DmSession session = awaitSession(device);
        Await.until("connected", WAIT, () -> session.state().isConnected());
        return session;
    }

    @Test
    public void pingAndSystemInfoAnswerThroughTheEmulator() {
        EmulatorClient api = cloudApi();
        connect(api, "gateway-demo");
        EmulatorClient.Answer ping = Await.value("ping answered", WAIT, () -> {
            EmulatorClient.Answer answer = api.invoke("gateway-demo", "ping", "{\"hello\":1}", 5);
            return answer.status() == 200 ? answer : null;
        });
        assertThat(ping.body()).isEqualTo("{\"status\":200,\"payload\":{\"hello\":1}}");

        JsonObject info = JsonParser.parseString(api.invoke("gateway-demo", "system.info", null, 5).body())
                .getAsJsonObject();
        assertThat(info.get("status").getAsInt()).isEqualTo(200);
        assertThat(info.getAsJsonObject("payload").getAsJsonObject("java").get("version").getAsString())
                .isEqualTo(System.getProperty("java.version"));
    }

    @Test
    public void telemetryExampleFollowsTheDesiredIntervalAndReportsIt() {
        EmulatorClient api = cloudApi();
        connect(api, "gw-telemetry");
        Await.until("the default interval reported", WAIT,
                () -> api.twin("gw-telemetry").body().contains("\"telemetryIntervalSeconds\":10"));
        assertThat(api.patchDesired("gw-telemetry", "{\"telemetryIntervalSeconds\":1}").status()).isEqualTo(200);
        Await.until("the new interval reported", WAIT,
                () -> api.twin("gw-telemetry").body().contains("\"reported\":{\"telemetryIntervalSeconds\":1"));
        Await.until("readings at one per second", WAIT, () -> api.messages("gw-telemetry", 100).body()
                .split("\"source\":\"dmkit-example\"", -1).length > 3);
        assertThat(api.messages("gw-telemetry", 1).body()).contains("\"unit\":\"Cel\"").contains("temperature");
    }
}
