package io.dmkit.itests;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonParser;
import io.dmkit.api.CommandResponse;
import io.dmkit.api.ConnectionReason;
import io.dmkit.api.ConnectionStatus;
import io.dmkit.api.DmMessage;
import io.dmkit.api.DmSession;
import io.dmkit.api.ProvisionedIdentity;
import io.dmkit.api.SessionConfig;
import io.dmkit.api.TwinUpdate;
import io.dmkit.core.DmKit;
import io.dmkit.testing.Await;
import io.dmkit.testing.EmulatorClient;
import io.dmkit.testing.EmulatorProcess;
import io.dmkit.testing.ThreadCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@code aws-fleet} provisioner outside OSGi (DmKit finds it through ServiceLoader) against the
 * emulator run as a process: a gateway with only a claim certificate and a template becomes the thing
 * the template names, keeps that identity across a restart, and gives up at once, saying why, when the
 * template refuses it. Every thread a session starts ends with it.
 */
class AwsProvisioningPlainJavaTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Predicate<String> SESSION_THREAD = name -> name.startsWith("dmkit") || name.startsWith("MQTT");

    private static EmulatorProcess emulator;
    private static EmulatorClient api;
    private static FleetProvisioningApi fleet;
    private static FleetProvisioningApi.Claim claim;

    @BeforeAll
    static void startEmulator() {
        emulator = EmulatorProcess.start(Path.of(System.getProperty("dmkit.emulator.jar",
                "../emulator/target/dmkit-emulator.jar")), Cloud.testDir().resolve("emulator-AwsProvisioningPlainJavaTest"));
        api = emulator.client();
        fleet = new FleetProvisioningApi(emulator.httpPort());
        claim = fleet.createClaim("plain");
        fleet.putTemplate("plain-open", "plain-", true);
        fleet.putTemplate("plain-closed", "closed-", false);
    }

    @AfterAll
    static void stopEmulator() {
        emulator.close();
    }

    /** A session with nothing but the claim, the endpoint and the template options. */
    private static SessionConfig.Builder claimSession(String name, String template, String serial) {
        return SessionConfig.builder(name).cloudType("aws").host("localhost").port(emulator.mqttTlsPort())
                .cert(claim.certificateFile()).key(claim.privateKeyFile()).rootCa(emulator.caCertificate().toString())
                .option("aws.provisioning.template", template)
                .option("aws.provisioning.parameters", "{\"SerialNumber\":\"" + serial + "\"}")
                .reconnectDelays(Duration.ofMillis(100), Duration.ofSeconds(1)).connectTimeout(Duration.ofSeconds(5))
                .operationTimeout(Duration.ofSeconds(5));
    }

    private static Path dataDirectory(String name) throws Exception {
        return Files.createTempDirectory(Files.createDirectories(Cloud.testDir().resolve("aws-provisioning")), name);
    }

    @Test
    void aClaimBecomesTheThingWithAKeyMadeOnTheGatewayAndKeepsItAcrossARestart() throws Exception {
        Path data = dataDirectory("csr");
        try (DmKit dm = DmKit.builder().discoverTransports().discoverProvisioners().dataDirectory(data).build()) {
            DmSession session = dm.createSession(claimSession("csr", "plain-open", "csr-1").build());
            worksAsTheThing(session, "plain-csr-1");
            ProvisionedIdentity identity = session.provisioned().orElseThrow();
            assertThat(identity.provisioner()).isEqualTo("aws-fleet");
            assertThat(identity.details()).containsEntry("thingName", "plain-csr-1")
                    .containsEntry("template", "plain-open").containsKey("certificateId");
            assertThat(JsonParser.parseString(identity.payload().orElseThrow()))
                    .isEqualTo(JsonParser.parseString("{\"site\":\"bench\"}"));
            assertOwnerOnly(data.resolve("provisioning/csr"));
        }
        ThreadCheck.awaitNoThreadNamed(SESSION_THREAD, WAIT);

        try (DmKit dm = DmKit.builder().discoverTransports().discoverProvisioners().dataDirectory(data).build()) {
            DmSession session = dm.createSession(claimSession("csr", "plain-open", "csr-1").build());
            Await.until("connected again", WAIT, () -> session.state().isConnected());
            assertThat(JsonParser.parseString(api.connection("plain-csr-1").body()).getAsJsonObject().get("connects")
                    .getAsLong()).isEqualTo(2);
        }
        assertThat(fleet.registrations("plain-open")).filteredOn(r -> r.get("thingName").getAsString()
                .equals("plain-csr-1")).hasSize(1);
        ThreadCheck.awaitNoThreadNamed(SESSION_THREAD, WAIT);
    }

    @Test
    void aClaimBecomesTheThingWithKeysAwsMakes() throws Exception {
        Path data = dataDirectory("keys");
        try (DmKit dm = DmKit.builder().discoverTransports().discoverProvisioners().dataDirectory(data).build()) {
            DmSession session = dm.createSession(claimSession("keys", "plain-open", "keys-1")
                    .option("aws.provisioning.keys", "aws").build());
            worksAsTheThing(session, "plain-keys-1");
            assertOwnerOnly(data.resolve("provisioning/keys"));
            assertThat(Files.readString(data.resolve("provisioning/keys/private.pem.key")))
                    .startsWith("-----BEGIN RSA PRIVATE KEY-----");
        }
        ThreadCheck.awaitNoThreadNamed(SESSION_THREAD, WAIT);
    }

    @Test
    void aTemplateThatRefusesTheDeviceStopsTheSessionWithAClearReasonAndNoRetries() throws Exception {
        try (DmKit dm = DmKit.open()) {
            DmSession session = dm.createSession(claimSession("refused", "plain-closed", "r-1").build());
            Await.until("refused for good (now " + session.state() + ")", WAIT,
                    () -> session.state().status() == ConnectionStatus.DISCONNECTED
                            && session.state().reason() == ConnectionReason.BAD_CREDENTIAL);
            assertThat(session.state().detail()).contains("RegisterThing")
                    .contains("the template 'plain-closed' refused to provision this device")
                    .contains("'AccessDenied'").contains("pre-provisioning hook");
            DmSession missing = dm.createSession(claimSession("missing", "plain-nowhere", "m-1").build());
            Await.until("refused for good (now " + missing.state() + ")", WAIT,
                    () -> missing.state().status() == ConnectionStatus.DISCONNECTED
                            && missing.state().reason() == ConnectionReason.INVALID_CONFIGURATION);
            assertThat(missing.state().detail()).contains("found no template 'plain-nowhere'")
                    .contains("aws.provisioning.template");
            // Not retrying (DISCONNECTED, not DISCONNECTED_RETRYING): one registration each, however long one waits.
            assertThat(fleet.registrations("plain-closed")).hasSize(1);
            assertThat(fleet.registrations("plain-nowhere")).hasSize(1);
            assertThat(session.provisioned()).isEmpty();
        }
        ThreadCheck.awaitNoThreadNamed(SESSION_THREAD, WAIT);
    }

    /** Connected as the thing: its twin COMPLETE, its telemetry and a command reach the emulator's thing. */
    private static void worksAsTheThing(DmSession session, String thing) throws Exception {
        List<TwinUpdate> twins = new CopyOnWriteArrayList<>();
        session.addTwinListener((s, u) -> twins.add(u));
        session.setCommandHandler(req -> CommandResponse.of(200, req.payloadAsString()));
        Await.until("COMPLETE twin (now " + session.state() + ")", WAIT, () -> twins.stream()
                .anyMatch(u -> u.kind() == TwinUpdate.Kind.COMPLETE));
        assertThat(session.sendMessage(DmMessage.builder("{\"t\":1}").build()).toCompletableFuture()
                .get(10, TimeUnit.SECONDS).status()).isZero();
        JsonArray messages = JsonParser.parseString(api.messages(thing, 10).body()).getAsJsonArray();
        assertThat(messages).hasSize(1);
        assertThat(JsonParser.parseString(api.invoke(thing, "echo", "{\"x\":1}", 10).body()))
                .isEqualTo(JsonParser.parseString("{\"status\":200,\"payload\":{\"x\":1}}"));
    }

    private static void assertOwnerOnly(Path directory) throws Exception {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory))).isEqualTo("rwx------");
        for (String file : List.of("certificate.pem.crt", "private.pem.key", "identity.json")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory.resolve(file))))
                    .as(file).isEqualTo("rw-------");
        }
    }
}
