package io.dmkit.itests;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.dmkit.api.ConnectionState;
import io.dmkit.api.DmSession;
import io.dmkit.api.SessionConfig;
import io.dmkit.api.TwinUpdate;
import io.dmkit.api.handler.TwinListener;
import io.dmkit.testing.Await;
import io.dmkit.testing.EmulatorClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * In-container tests of the {@code aws} transport against the emulator's AWS IoT Core dialect: things
 * registered over its REST API with certificates it issues, sessions configured through ConfigAdmin
 * with test-friendly timings, and the cloud side read back through the REST API.
 */
public abstract class AwsEmulatorSupport extends EmulatorTestSupport {

    /** A thing the emulator registered, with the certificate and key files it issued for it. */
    protected record Thing(String name, String cert, String key) {
    }

    /** Registers (or replaces) a thing with an X.509 certificate. */
    protected Thing registerThing(String name) {
        EmulatorClient.Answer answer = cloudApi().registerDevice(name, "aws", "x509");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonObject auth = JsonParser.parseString(answer.body()).getAsJsonObject().getAsJsonObject("auth");
        return new Thing(name, auth.get("certificateFile").getAsString(), auth.get("privateKeyFile").getAsString());
    }

    /** A session of {@code thing} on the emulator's MQTT/TLS port, as ConfigAdmin properties. */
    protected Map<String, Object> sessionProperties(String session, Thing thing) {
        return sessionProperties(session, thing, emulator().mqttTlsPort());
    }

    /** The same, reaching the emulator through {@code port} (a relay, for example). */
    protected Map<String, Object> sessionProperties(String session, Thing thing, int port) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put(SessionConfig.NAME.id(), session);
        p.put(SessionConfig.CLOUD_TYPE.id(), "aws");
        p.put(SessionConfig.HOST.id(), "localhost");
        p.put(SessionConfig.PORT.id(), port);
        p.put(SessionConfig.DEVICE_ID.id(), thing.name());
        p.put(SessionConfig.CERT.id(), thing.cert());
        p.put(SessionConfig.KEY.id(), thing.key());
        p.put(SessionConfig.ROOT_CA.id(), emulator().caCertificate().toString());
        p.put(SessionConfig.KEEPALIVE.id(), 10);
        p.put(SessionConfig.RECONNECT_MIN_DELAY.id(), 100L);
        p.put(SessionConfig.RECONNECT_MAX_DELAY.id(), 1000L);
        p.put(SessionConfig.COMMAND_TIMEOUT.id(), 5);
        p.put(SessionConfig.OPERATION_TIMEOUT.id(), 5);
        p.put(SessionConfig.CONNECT_TIMEOUT.id(), 5);
        return p;
    }

    /** Creates the session and waits until it is connected. */
    protected DmSession connected(Map<String, Object> properties) throws Exception {
        createSession(properties);
        DmSession session = awaitSession((String) properties.get(SessionConfig.NAME.id()));
        awaitState(session, "connected", ConnectionState::isConnected);
        return session;
    }

    /** Collects the twin updates of one session, through a whiteboard listener. */
    protected List<TwinUpdate> twinUpdates(String session) {
        List<TwinUpdate> updates = new CopyOnWriteArrayList<>();
        register(TwinListener.class, (s, u) -> updates.add(u), Map.of(TwinListener.SESSION_NAME, session));
        return updates;
    }

    /** Waits until at least {@code count} updates arrived; returns the one at {@code count - 1}. */
    protected static TwinUpdate awaitUpdate(List<TwinUpdate> updates, int count) {
        Await.until(count + " twin updates (have " + updates + ")", WAIT, () -> updates.size() >= count);
        return updates.get(count - 1);
    }

    /** The classic shadow as the emulator's REST API shows it, in the twin shape. */
    protected JsonObject cloudTwin(Thing thing) {
        EmulatorClient.Answer answer = cloudApi().twin(thing.name());
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return JsonParser.parseString(answer.body()).getAsJsonObject();
    }

    /** Patches the classic shadow's desired state; returns the shadow's new version. */
    protected long patchDesired(Thing thing, String patch) {
        EmulatorClient.Answer answer = cloudApi().patchDesired(thing.name(), patch);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return JsonParser.parseString(answer.body()).getAsJsonObject().get("$version").getAsLong();
    }

    /** The telemetry the emulator recorded for the thing, oldest first. */
    protected JsonArray cloudMessages(Thing thing) {
        EmulatorClient.Answer answer = cloudApi().messages(thing.name(), 1000);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return JsonParser.parseString(answer.body()).getAsJsonArray();
    }

    /** How often the thing has connected, per the emulator. */
    protected long cloudConnects(Thing thing) {
        return JsonParser.parseString(cloudApi().connection(thing.name()).body()).getAsJsonObject().get("connects")
                .getAsLong();
    }

    protected static JsonObject json(String text) {
        return JsonParser.parseString(text).getAsJsonObject();
    }
}
