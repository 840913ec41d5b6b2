package io.dmkit.itests;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.dmkit.api.ConnectionState;
import io.dmkit.api.DmSession;
import io.dmkit.api.SessionConfig;
import io.dmkit.testing.EmulatorClient;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.After;

/**
 * In-container tests of the {@code azure} transport against the emulator's Azure IoT Hub dialect:
 * helpers to register devices, build session configurations for each way of connecting, and read
 * what the hub side saw.
 */
public abstract class AzureTestSupport extends EmulatorTestSupport {

    /** A registered device and its credentials as the emulator issued them. */
    record Device(String id, String key, String certificateFile, String privateKeyFile, String connectionString) {
    }

    /** Held strongly: java.util.logging forgets the level of a logger nobody references. */
    private static final Logger DMKIT_LOG = Logger.getLogger("io.dmkit");

    private boolean logLevelChanged;
    private Level previousLogLevel;

    /**
     * Captures what dmkit logs, INFO and below included: in the framework the logging bridge leaves
     * java.util.logging at WARNING, so the INFO lines a test may look for would not even be created.
     * The level is restored after the test.
     */
    protected LogCapture captureLogs() {
        if (!logLevelChanged) {
            previousLogLevel = DMKIT_LOG.getLevel();
            logLevelChanged = true;
        }
        DMKIT_LOG.setLevel(Level.FINE);
        return new LogCapture();
    }

    @After
    public void restoreLogLevel() {
        if (logLevelChanged) {
            DMKIT_LOG.setLevel(previousLogLevel);
            logLevelChanged = false;
        }
    }

    private EmulatorClient api;

    /**
     * One REST client for the test (and its pooled connections): a new client per call, as
     * {@link #cloudApi()} gives, would leave an idle connection at the emulator for every poll of a
     * wait, and the emulator's HTTP server starts closing connections in use once it has too many.
     */
    protected EmulatorClient hub() {
        if (api == null) {
            api = cloudApi();
        }
        return api;
    }

    /** Registers (or replaces) a device of the Azure dialect with {@code sas} or {@code x509} authentication. */
    protected Device register(String id, String auth) {
        EmulatorClient.Answer answer = hub().registerDevice(id, "azure", auth);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonObject body = json(answer.body()).getAsJsonObject();
        JsonObject credentials = body.getAsJsonObject("auth");
        JsonObject connect = body.getAsJsonObject("connect");
        return new Device(id, text(credentials, "key"), text(credentials, "certificateFile"),
                text(credentials, "privateKeyFile"), text(connect, "connectionString"));
    }

    /** A session of a SAS device over MQTT/TLS (port 8883's stand-in), trusting the emulator's CA. */
    protected Map<String, Object> sasSession(String name, Device device) {
        Map<String, Object> p = base(name, device.id());
        p.put(SessionConfig.KEY.id(), device.key());
        return p;
    }

    /** A session of an X.509 device over MQTT/TLS. */
    protected Map<String, Object> x509Session(String name, Device device) {
        Map<String, Object> p = base(name, device.id());
        p.put(SessionConfig.CERT.id(), device.certificateFile());
        p.put(SessionConfig.KEY.id(), device.privateKeyFile());
        return p;
    }

    /** Switches a session's properties to MQTT over WebSocket (443's stand-in). */
    protected Map<String, Object> overWebSocket(Map<String, Object> p) {
        p.put("azure.websocket", Boolean.TRUE);
        p.put(SessionConfig.PORT.id(), emulator().webSocketTlsPort());
        return p;
    }

    private Map<String, Object> base(String name, String deviceId) {
        Map<String, Object> p = new HashMap<>();
        p.put(SessionConfig.NAME.id(), name);
        p.put(SessionConfig.CLOUD_TYPE.id(), "azure");
        p.put(SessionConfig.HOST.id(), "localhost");
        p.put(SessionConfig.PORT.id(), emulator().mqttTlsPort());
        p.put(SessionConfig.DEVICE_ID.id(), deviceId);
        p.put(SessionConfig.ROOT_CA.id(), emulator().caCertificate().toString());
        // Reconnect quickly: tests wait for reconnections.
        p.put(SessionConfig.RECONNECT_MIN_DELAY.id(), 200L);
        p.put(SessionConfig.RECONNECT_MAX_DELAY.id(), 2000L);
        return p;
    }

    /** Creates the session and waits until it is connected. */
    protected DmSession connected(Map<String, Object> properties) throws Exception {
        createSession(properties);
        DmSession session = awaitSession((String) properties.get(SessionConfig.NAME.id()));
        awaitState(session, "connected", ConnectionState::isConnected);
        return session;
    }

    /** How many times the device has connected, as the hub side counts. */
    protected int connects(String deviceId) {
        return json(hub().connection(deviceId).body()).getAsJsonObject().get("connects").getAsInt();
    }

    protected boolean hubSeesConnected(String deviceId) {
        return json(hub().connection(deviceId).body()).getAsJsonObject().get("connected").getAsBoolean();
    }

    /** The twin as the hub holds it: {@code {"desired":{…},"reported":{…}}} with versions. */
    protected JsonObject hubTwin(String deviceId) {
        return json(hub().twin(deviceId).body()).getAsJsonObject();
    }

    /** The telemetry the hub recorded, newest first. */
    protected JsonArray hubMessages(String deviceId, int limit) {
        return json(hub().messages(deviceId, limit).body()).getAsJsonArray();
    }

    static JsonElement json(String text) {
        return JsonParser.parseString(text);
    }

    private static String text(JsonObject o, String member) {
        JsonElement e = o.get(member);
        return e == null || e.isJsonNull() ? null : e.getAsString();
    }
}
