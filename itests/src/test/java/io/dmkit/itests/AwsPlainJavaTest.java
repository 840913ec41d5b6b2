package io.dmkit.itests;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.dmkit.api.CommandResponse;
import io.dmkit.api.ConnectionReason;
import io.dmkit.api.DmMessage;
import io.dmkit.api.DmSession;
import io.dmkit.api.SessionConfig;
import io.dmkit.api.TwinUpdate;
import io.dmkit.core.DmKit;
import io.dmkit.pki.KeyKind;
import io.dmkit.pki.LocalPki;
import io.dmkit.testing.Await;
import io.dmkit.testing.EmulatorClient;
import io.dmkit.testing.EmulatorProcess;
import io.dmkit.testing.ThreadCheck;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@code aws} transport outside OSGi (DmKit finds it through ServiceLoader, with Paho mqttv5
 * embedded in its jar), against the emulator run as a process: it works, and every thread it starts,
 * Paho's included, ends with its session, also after refused and dropped connections.
 */
class AwsPlainJavaTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    /** The threads a session may start: dmkit's own and Paho's (MQTT Con/Rec/Snd/Call, MQTT Ping). */
    private static final Predicate<String> SESSION_THREAD = name -> name.startsWith("dmkit") || name.startsWith("MQTT");

    private static EmulatorProcess emulator;
    private static EmulatorClient api;

    @BeforeAll
    static void startEmulator() {
        emulator = EmulatorProcess.start(Path.of(System.getProperty("dmkit.emulator.jar",
                "../emulator/target/dmkit-emulator.jar")), Cloud.testDir().resolve("emulator-AwsPlainJavaTest"));
        api = emulator.client();
    }

    @AfterAll
    static void stopEmulator() {
        emulator.close();
    }

    private static SessionConfig.Builder session(String name, String thing) {
        JsonObject auth = JsonParser.parseString(api.registerDevice(thing, "aws", "x509").body()).getAsJsonObject()
                .getAsJsonObject("auth");
        return SessionConfig.builder(name).cloudType("aws").host("localhost").port(emulator.mqttTlsPort())
                .deviceId(thing).cert(auth.get("certificateFile").getAsString())
                .key(auth.get("privateKeyFile").getAsString()).rootCa(emulator.caCertificate().toString())
                .reconnectDelays(Duration.ofMillis(100), Duration.ofSeconds(1)).connectTimeout(Duration.ofSeconds(5))
                .operationTimeout(Duration.ofSeconds(5));
    }

    @Test
    void plainJavaSessionWorksAndLeavesNoThreadOfItsOwn() throws Exception {
        try (DmKit dm = DmKit.open()) {
            assertThat(dm.cloudTypes()).contains("aws");
            DmSession session = dm.createSession(session("main", "plain-1").build());
            List<TwinUpdate> twins = new CopyOnWriteArrayList<>();
            session.addTwinListener((s, u) -> twins.add(u));
            session.setCommandHandler(req -> CommandResponse.of(200, req.payloadAsString()));
            Await.until("COMPLETE twin", WAIT, () -> !twins.isEmpty());

            assertThat(session.sendMessage(DmMessage.builder("{\"t\":1}").property("k", "v").build())
                    .toCompletableFuture().get(10, TimeUnit.SECONDS).status()).isZero();
            assertThat(session.sendReported("{\"fw\":\"1\"}").toCompletableFuture().get(10, TimeUnit.SECONDS).status())
                    .isZero();
            assertThat(JsonParser.parseString(api.invoke("plain-1", "echo", "{\"x\":1}", 10).body()))
                    .isEqualTo(JsonParser.parseString("{\"status\":200,\"payload\":{\"x\":1}}"));
        }
        ThreadCheck.awaitNoThreadNamed(SESSION_THREAD, WAIT);
    }

    @Test
    void refusedAndDroppedConnectionsLeaveNoThreadBehind() throws Exception {
        try (DmKit dm = DmKit.open()) {
            var foreign = LocalPki.other(Cloud.testDir().resolve("aws-plain-foreign"))
                    .client("plain-2", KeyKind.EC_PKCS8);
            DmSession refused = dm.createSession(session("refused", "plain-2").cert(foreign.cert().toString())
                    .key(foreign.key().toString()).build());
            List<ConnectionReason> refusals = new CopyOnWriteArrayList<>();
            refused.addConnectionListener((s, state) -> {
                if (state.reason() == ConnectionReason.BAD_CREDENTIAL) {
                    refusals.add(state.reason());
                }
            });
            DmSession dropped = dm.createSession(session("dropped", "plain-3").build());
            for (int i = 0; i < 5; i++) {
                Await.until("connected", WAIT, () -> dropped.state().isConnected());
                assertThat(api.fault("plain-3", "{\"type\":\"drop\"}").status()).isEqualTo(204);
                Await.until("dropped", WAIT, () -> !dropped.state().isConnected());
            }
            Await.until("refused five times", WAIT, () -> refusals.size() >= 5);
        }
        ThreadCheck.awaitNoThreadNamed(SESSION_THREAD, WAIT);
    }

    @Test
    void sessionsComingAndGoingTenTimesLeaveNoThreadBehind() throws Exception {
        try (DmKit dm = DmKit.open()) {
            for (int i = 0; i < 10; i++) {
                DmSession s = dm.createSession(session("cycle", "plain-cycle").build());
                Await.until("connected", WAIT, () -> s.state().isConnected());
                assertThat(dm.removeSession("cycle")).isTrue();
            }
        }
        ThreadCheck.awaitNoThreadNamed(SESSION_THREAD, WAIT);
    }
}
