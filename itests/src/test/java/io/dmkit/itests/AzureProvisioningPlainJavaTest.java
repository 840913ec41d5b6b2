package io.dmkit.itests;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.dmkit.api.CommandResponse;
import io.dmkit.api.ConnectionReason;
import io.dmkit.api.ConnectionStatus;
import io.dmkit.api.DmMessage;
import io.dmkit.api.DmSession;
import io.dmkit.api.SessionConfig;
import io.dmkit.core.DmKit;
import io.dmkit.testing.Await;
import io.dmkit.testing.EmulatorClient;
import io.dmkit.testing.EmulatorProcess;
import io.dmkit.testing.ThreadCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Zero-touch provisioning with Azure's Device Provisioning Service, outside OSGi (DmKit finds the
 * {@code azure-dps} provisioner through ServiceLoader), against the emulator's DPS and hub run as a
 * process: a session with only DPS options (individual key, group key, X.509 individual and group)
 * registers, connects to the hub it was assigned and passes telemetry, twin and a command; a restart
 * does not register again; a deleted hub device makes the next connect register again; a wrong key is
 * BAD_CREDENTIAL with backoff; a disabled enrollment stops the session. Keys reach no log line.
 */
class AzureProvisioningPlainJavaTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Predicate<String> SESSION_THREAD = name -> name.startsWith("dmkit") || name.startsWith("MQTT");

    private static EmulatorProcess emulator;
    private static EmulatorClient api;
    private static String idScope;
    private static String endpoint;

    @TempDir
    Path data;

    @BeforeAll
    static void startEmulator() {
        emulator = EmulatorProcess.start(Path.of(System.getProperty("dmkit.emulator.jar",
                "../emulator/target/dmkit-emulator.jar")), Cloud.testDir().resolve("emulator-AzureProvisioning"));
        api = emulator.client();
        JsonObject info = rest("GET", "", null);
        idScope = info.get("idScope").getAsString();
        endpoint = info.get("globalEndpoint").getAsString();
    }

    @AfterAll
    static void stopEmulator() {
        emulator.close();
    }

    private static JsonObject rest(String method, String path, String body) {
        EmulatorClient.Answer answer = api.provisioning(method, path, body);
        assertThat(answer.status()).as(method + " " + path + ": " + answer.body()).isEqualTo(200);
        return JsonParser.parseString(answer.body()).getAsJsonObject();
    }

    /** The registrations the emulator's DPS recorded for {@code registrationId}. */
    private static List<JsonObject> registrations(String registrationId) {
        JsonArray all = JsonParser.parseString(api.provisioning("GET", "registrations", null).body()).getAsJsonArray();
        List<JsonObject> mine = new ArrayList<>();
        for (JsonElement e : all) {
            if (e.getAsJsonObject().get("registrationId").getAsString().equals(registrationId)) {
                mine.add(e.getAsJsonObject());
            }
        }
        return mine;
    }

    private static SessionConfig.Builder dps(String name, String registrationId) {
        SessionConfig.Builder b = SessionConfig.builder(name).cloudType("azure").option("azure.dps.id.scope", idScope)
                .option("azure.dps.endpoint", endpoint).port(emulator.mqttTlsPort())
                .rootCa(emulator.caCertificate().toString())
                .reconnectDelays(Duration.ofMillis(500), Duration.ofSeconds(4));
        return registrationId == null ? b : b.option("azure.dps.registration.id", registrationId);
    }

    private DmKit dmkit() {
        return DmKit.builder().discoverTransports().discoverProvisioners().dataDirectory(data).build();
    }

    /** Telemetry, a command and a reported patch pass on the hub connection of {@code deviceId}. */
    private static void passesTraffic(DmSession session, String deviceId) throws Exception {
        Await.until(session.name() + " COMPLETE twin", WAIT, () -> session.twin().isPresent());
        assertThat(session.sendMessage(DmMessage.of("{\"t\":1}")).toCompletableFuture().get(20, TimeUnit.SECONDS)
                .status()).isZero();
        assertThat(JsonParser.parseString(api.invoke(deviceId, "echo", "{\"x\":1}", 10).body()))
                .isEqualTo(JsonParser.parseString("{\"status\":200,\"payload\":{\"x\":1}}"));
        assertThat(session.sendReported("{\"provisioned\":true}").toCompletableFuture().get(20, TimeUnit.SECONDS)
                .status()).isZero();
    }

    private static DmSession connected(DmKit dm, SessionConfig config) {
        DmSession session = dm.createSession(config);
        session.setCommandHandler(req -> CommandResponse.of(200, req.payloadAsString()));
        Await.until(config.name() + " connected", WAIT, () -> session.state().isConnected());
        return session;
    }

    @Test
    void anIndividualKeyEnrollmentConnectsAndARestartDoesNotRegisterAgainUntilTheHubForgetsTheDevice()
            throws Exception {
        JsonObject enrollment = rest("PUT", "enrollments/dps-ind-1", "{\"attestation\":{\"type\":\"symmetricKey\"},"
                + "\"deviceId\":\"hub-ind-1\",\"payload\":{\"site\":\"north\"}}");
        String key = enrollment.getAsJsonObject("attestation").getAsJsonObject("symmetricKey").get("primaryKey")
                .getAsString();
        SessionConfig config = dps("ind", "dps-ind-1").key(key).build();
        try (LogCapture logs = new LogCapture()) {
            try (DmKit dm = dmkit()) {
                DmSession session = connected(dm, config);
                passesTraffic(session, "hub-ind-1");
                assertThat(session.provisioned().orElseThrow().details()).containsEntry("deviceId", "hub-ind-1")
                        .containsEntry("substatus", "initialAssignment");
                assertThat(session.provisioned().orElseThrow().payload()).contains("{\"site\":\"north\"}");
            }
            assertThat(registrations("dps-ind-1")).hasSize(1);
            Path identity = data.resolve("provisioning/ind/identity.json");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(identity))).isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(identity.getParent())))
                    .isEqualTo("rwx------");

            try (DmKit dm = dmkit()) {
                DmSession session = connected(dm, config);
                assertThat(registrations("dps-ind-1")).as("a restart connects straight to the hub").hasSize(1);

                assertThat(api.removeDevice("hub-ind-1").status()).isEqualTo(204);
                Await.until("registered again after the hub forgot the device", WAIT,
                        () -> registrations("dps-ind-1").size() == 2);
                Await.until("connected again", WAIT, () -> session.state().isConnected());
                passesTraffic(session, "hub-ind-1");
            }
            assertThat(logs.lines()).noneMatch(l -> l.contains(key));
        }
        ThreadCheck.awaitNoThreadNamed(SESSION_THREAD, WAIT);
    }

    @Test
    void aGroupMemberDerivesItsKeyFromTheGroupKeyAndConnects() throws Exception {
        JsonObject group = rest("PUT", "groups/dps-group", "{\"attestation\":{\"type\":\"symmetricKey\"}}");
        String groupKey = group.getAsJsonObject("attestation").getAsJsonObject("symmetricKey").get("primaryKey")
                .getAsString();
        try (LogCapture logs = new LogCapture(); DmKit dm = dmkit()) {
            DmSession session = connected(dm, dps("member", "dps-member-7").option("azure.dps.group.key", groupKey)
                    .build());
            String deviceId = session.provisioned().orElseThrow().details().get("deviceId");
            passesTraffic(session, deviceId);
            assertThat(registrations("dps-member-7").get(0).get("enrollment").getAsString()).isEqualTo("group:dps-group");
            assertThat(Files.readString(data.resolve("provisioning/member/identity.json"))).doesNotContain(groupKey);
            assertThat(logs.lines()).noneMatch(l -> l.contains(groupKey));
        }
    }

    @Test
    void x509DevicesOfAnIndividualEnrollmentAndOfAGroupConnectWithTheirCertificates() throws Exception {
        JsonObject x509 = rest("PUT", "enrollments/dps-x509-1", "{\"attestation\":{\"type\":\"x509\"}}")
                .getAsJsonObject("attestation").getAsJsonObject("x509");
        rest("PUT", "groups/dps-x509-group", "{\"attestation\":{\"type\":\"x509\"}}");
        JsonObject member = rest("POST", "groups/dps-x509-group/certificates", "{\"registrationId\":\"dps-x509-m1\"}");
        try (DmKit dm = dmkit()) {
            DmSession individual = connected(dm, dps("x509-ind", null).cert(x509.get("certificateFile").getAsString())
                    .key(x509.get("privateKeyFile").getAsString()).build());
            passesTraffic(individual, individual.provisioned().orElseThrow().details().get("deviceId"));

            DmSession grouped = connected(dm, dps("x509-grp", null).cert(member.get("chainFile").getAsString())
                    .key(member.get("privateKeyFile").getAsString()).build());
            passesTraffic(grouped, grouped.provisioned().orElseThrow().details().get("deviceId"));
        }
        assertThat(registrations("dps-x509-1")).hasSize(1);
        assertThat(registrations("dps-x509-m1")).hasSize(1);
    }

    @Test
    void aWrongKeyIsABadCredentialRetriedWithBackoffNotInATightLoop() {
        rest("PUT", "enrollments/dps-wrong", "{\"attestation\":{\"type\":\"symmetricKey\"}}");
        String wrong = "d3Jvbmcta2V5LXdyb25nLWtleS13cm9uZy1rZXktMDA=";
        try (LogCapture logs = new LogCapture(); DmKit dm = dmkit()) {
            DmSession session = dm.createSession(dps("wrong", "dps-wrong").key(wrong).build());
            Await.until("BAD_CREDENTIAL", WAIT, () -> session.state().reason() == ConnectionReason.BAD_CREDENTIAL);
            assertThat(session.state().detail()).contains("401");
            Await.until("three refused registrations", WAIT, () -> registrations("dps-wrong").size() >= 3);
            List<JsonObject> refused = registrations("dps-wrong");
            Duration first = Duration.between(Instant.parse(refused.get(0).get("time").getAsString()),
                    Instant.parse(refused.get(1).get("time").getAsString()));
            Duration second = Duration.between(Instant.parse(refused.get(1).get("time").getAsString()),
                    Instant.parse(refused.get(2).get("time").getAsString()));
            assertThat(first.plus(second)).as("backoff between attempts").isGreaterThanOrEqualTo(Duration.ofMillis(500));
            assertThat(session.provisioned()).isEmpty();
            assertThat(logs.lines()).noneMatch(l -> l.contains(wrong));
        }
    }

    @Test
    void aDisabledEnrollmentStopsTheSessionWithAClearReason() {
        JsonObject enrollment = rest("PUT", "enrollments/dps-off", "{\"attestation\":{\"type\":\"symmetricKey\"},"
                + "\"provisioningStatus\":\"disabled\"}");
        String key = enrollment.getAsJsonObject("attestation").getAsJsonObject("symmetricKey").get("primaryKey")
                .getAsString();
        try (DmKit dm = dmkit()) {
            DmSession session = dm.createSession(dps("off", "dps-off").key(key).build());
            Await.until("DEVICE_DISABLED", WAIT, () -> session.state().reason() == ConnectionReason.DEVICE_DISABLED);
            assertThat(session.state().status()).as("not retrying").isEqualTo(ConnectionStatus.DISCONNECTED);
            assertThat(session.state().detail()).contains("disabled");
        }
    }
}
