package io.dmkit.itests;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.dmkit.api.CommandResponse;
import io.dmkit.api.ConnectionState;
import io.dmkit.api.DmMessage;
import io.dmkit.api.DmSession;
import io.dmkit.api.SessionConfig;
import io.dmkit.api.TwinUpdate;
import io.dmkit.core.DmKit;
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
 * The {@code azure} transport outside OSGi (DmKit finds it through ServiceLoader), against the
 * emulator run as a process: twin, telemetry and a direct method work, the SAS token is renewed,
 * and every thread the session started, Paho's of each connection included, ends with it.
 */
class AzurePlainJavaTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String TEST_MIN_SAS_LIFETIME = "dmkit.test.azure.minimumSasLifetimeSeconds";
    /** The threads a session may start: dmkit's own and Paho's (MQTT Con/Rec/Snd/Call). */
    private static final Predicate<String> SESSION_THREAD = name -> name.startsWith("dmkit") || name.startsWith("MQTT");

    private static EmulatorProcess emulator;
    private static EmulatorClient api;

    @BeforeAll
    static void startEmulator() {
        System.setProperty(TEST_MIN_SAS_LIFETIME, "5");
        emulator = EmulatorProcess.start(Path.of(System.getProperty("dmkit.emulator.jar",
                "../emulator/target/dmkit-emulator.jar")), Cloud.testDir().resolve("emulator-AzurePlainJavaTest"));
        api = emulator.client();
    }

    @AfterAll
    static void stopEmulator() {
        emulator.close();
        System.clearProperty(TEST_MIN_SAS_LIFETIME);
    }

    @Test
    void plainJavaSessionWorksRenewsItsTokenInvisiblyAndLeavesNoThreadBehind() throws Exception {
        JsonObject registration = JsonParser.parseString(api.registerDevice("plain-az", "azure", "sas").body())
                .getAsJsonObject();
        try (DmKit dm = DmKit.open()) {
            assertThat(dm.cloudTypes()).contains("azure");
            DmSession session = dm.createSession(SessionConfig.builder("main").cloudType("azure")
                    .option("azure.connection.string",
                            registration.getAsJsonObject("connect").get("connectionString").getAsString())
                    .port(emulator.webSocketTlsPort()).option("azure.websocket", "true")
                    .option("azure.sas.lifetime.seconds", "5")
                    .rootCa(emulator.caCertificate().toString()).build());
            List<TwinUpdate> twins = new CopyOnWriteArrayList<>();
            List<ConnectionState> states = new CopyOnWriteArrayList<>();
            session.addTwinListener((s, u) -> twins.add(u));
            session.setCommandHandler(req -> CommandResponse.of(200, req.payloadAsString()));
            Await.until("COMPLETE twin", WAIT, () -> !twins.isEmpty());
            session.addConnectionListener((s, state) -> states.add(state));

            assertThat(session.sendMessage(DmMessage.builder("{\"t\":1}").property("$.ct", "application/json").build())
                    .toCompletableFuture().get(10, TimeUnit.SECONDS).status()).isZero();
            assertThat(JsonParser.parseString(api.invoke("plain-az", "echo", "{\"x\":1}", 10).body()))
                    .isEqualTo(JsonParser.parseString("{\"status\":200,\"payload\":{\"x\":1}}"));
            Await.until("a second connection with a new token", WAIT, () -> JsonParser.parseString(
                    api.connection("plain-az").body()).getAsJsonObject().get("connects").getAsInt() >= 2);
            assertThat(session.sendReported("{\"after\":\"renewal\"}").toCompletableFuture().get(10, TimeUnit.SECONDS)
                    .status()).isZero();
            assertThat(states).as("what the application saw").allMatch(ConnectionState::isConnected);
        }
        ThreadCheck.awaitNoThreadNamed(SESSION_THREAD, WAIT);
    }
}
