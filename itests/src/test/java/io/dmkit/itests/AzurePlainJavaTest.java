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
 * emulator run as a process: twin, telemetry, a direct method and a reported patch work over
 * WebSocket, and every thread the session started, Paho's included, ends with it. (Token renewals,
 * which need lifetimes of seconds, are checked in the emulator's module: AzureTokenRenewalTest.)
 */
class AzurePlainJavaTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    /** The threads a session may start: dmkit's own and Paho's (MQTT Con/Rec/Snd/Call). */
    private static final Predicate<String> SESSION_THREAD = name -> name.startsWith("dmkit") || name.startsWith("MQTT");

    private static EmulatorProcess emulator;
    private static EmulatorClient api;

    @BeforeAll
    static void startEmulator() {
        emulator = EmulatorProcess.start(Path.of(System.getProperty("dmkit.emulator.jar",
                "../emulator/target/dmkit-emulator.jar")), Cloud.testDir().resolve("emulator-AzurePlainJavaTest"));
        api = emulator.client();
    }

    @AfterAll
    static void stopEmulator() {
        emulator.close();
    }

    @Test
    void plainJavaSessionWorksAndLeavesNoThreadBehind() throws Exception {
        JsonObject registration = JsonParser.parseString(api.registerDevice("plain-az", "azure", "sas").body())
                .getAsJsonObject();
        try (DmKit dm = DmKit.open()) {
            assertThat(dm.cloudTypes()).contains("azure");
            DmSession session = dm.createSession(SessionConfig.builder("main").cloudType("azure")
                    .option("azure.connection.string",
                            registration.getAsJsonObject("connect").get("connectionString").getAsString())
                    .port(emulator.webSocketTlsPort()).option("azure.websocket", "true")
                    .option("azure.sas.lifetime.seconds", "60") // the shortest a configuration may ask for
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
            assertThat(session.sendReported("{\"reported\":\"patch\"}").toCompletableFuture().get(10, TimeUnit.SECONDS)
                    .status()).isZero();
            assertThat(states).as("what the application saw").allMatch(ConnectionState::isConnected);
        }
        ThreadCheck.awaitNoThreadNamed(SESSION_THREAD, WAIT);
    }
}
