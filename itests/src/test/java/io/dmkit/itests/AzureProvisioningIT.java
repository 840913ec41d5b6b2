package io.dmkit.itests;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.dmkit.api.CommandResponse;
import io.dmkit.api.ConnectionReason;
import io.dmkit.api.ConnectionState;
import io.dmkit.api.DmMessage;
import io.dmkit.api.DmSession;
import io.dmkit.api.SessionConfig;
import io.dmkit.api.handler.CommandHandler;
import io.dmkit.testing.Await;
import io.dmkit.testing.EmulatorClient;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.inject.Inject;
import org.junit.Test;
import org.osgi.framework.Bundle;
import org.osgi.service.cm.Configuration;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;

/**
 * Zero-touch provisioning in OSGi (Felix and Equinox): with the {@code io.dmkit.provisioning.azure}
 * bundle installed, a session configured with only DPS options registers with the emulator's DPS,
 * connects to the hub it was assigned and passes telemetry, twin and a command; the session form shows
 * the DPS options; a changed configuration keeps the identity; a hub that forgets the device makes the
 * session register again; a wrong key is BAD_CREDENTIAL and nothing of it reaches the log.
 */
public class AzureProvisioningIT extends AzureTestSupport {

    @Inject
    private MetaTypeService metaType;

    @Override
    protected List<String> extraBundles() {
        return List.of("io.dmkit.provisioning.azure");
    }

    private JsonObject rest(String method, String path, String body) {
        EmulatorClient.Answer answer = hub().provisioning(method, path, body);
        assertThat(answer.status()).as(method + " " + path + ": " + answer.body()).isEqualTo(200);
        return json(answer.body()).getAsJsonObject();
    }

    private Map<String, Object> dpsSession(String name, String registrationId) {
        JsonObject info = rest("GET", "", null);
        Map<String, Object> p = new HashMap<>();
        p.put(SessionConfig.NAME.id(), name);
        p.put(SessionConfig.CLOUD_TYPE.id(), "azure");
        p.put("azure.dps.id.scope", info.get("idScope").getAsString());
        p.put("azure.dps.endpoint", info.get("globalEndpoint").getAsString());
        p.put("azure.dps.registration.id", registrationId);
        p.put(SessionConfig.PORT.id(), emulator().mqttTlsPort());
        p.put(SessionConfig.ROOT_CA.id(), emulator().caCertificate().toString());
        p.put(SessionConfig.RECONNECT_MIN_DELAY.id(), 500L);
        p.put(SessionConfig.RECONNECT_MAX_DELAY.id(), 4000L);
        return p;
    }

    private static String primaryKey(JsonObject enrollmentOrGroup) {
        return enrollmentOrGroup.getAsJsonObject("attestation").getAsJsonObject("symmetricKey").get("primaryKey")
                .getAsString();
    }

    private void passesTraffic(DmSession session) throws Exception {
        String deviceId = session.provisioned().orElseThrow().details().get("deviceId");
        register(CommandHandler.class, req -> CommandResponse.of(200, req.payloadAsString()),
                Map.of(CommandHandler.COMMAND_NAME, "echo", CommandHandler.SESSION_NAME, session.name()));
        Await.until("COMPLETE twin", WAIT, () -> session.twin().isPresent());
        assertThat(session.sendMessage(DmMessage.of("{\"t\":2}")).toCompletableFuture().get(20, TimeUnit.SECONDS)
                .status()).isZero();
        Await.until("the echo command answered", WAIT, () -> json(hub().invoke(deviceId, "echo", "{\"y\":2}", 5)
                .body()).equals(json("{\"status\":200,\"payload\":{\"y\":2}}")));
        assertThat(hubMessages(deviceId, 5)).isNotEmpty();
    }

    @Test
    public void aSessionWithOnlyDpsOptionsAndAnIndividualKeyConnectsToItsAssignedHub() throws Exception {
        String key = primaryKey(rest("PUT", "enrollments/osgi-ind", "{\"attestation\":{\"type\":\"symmetricKey\"}}"));
        Map<String, Object> p = dpsSession("dps-ind", "osgi-ind");
        p.put(SessionConfig.KEY.id(), key);
        try (LogCapture logs = captureLogs()) {
            DmSession session = connected(p);
            passesTraffic(session);
            assertThat(session.provisioned().orElseThrow().provisioner()).isEqualTo("azure-dps");
            assertThat(logs.lines()).noneMatch(l -> l.contains(key));
        }
    }

    private int registrations(String registrationId) {
        int n = 0;
        for (var e : json(hub().provisioning("GET", "registrations", null).body()).getAsJsonArray()) {
            var r = e.getAsJsonObject().get("registrationId");
            if (r != null && !r.isJsonNull() && r.getAsString().equals(registrationId)) {
                n++;
            }
        }
        return n;
    }

    @Test
    public void aReconfiguredSessionKeepsItsIdentityAndAHubThatForgetsTheDeviceMakesItRegisterAgain()
            throws Exception {
        String key = primaryKey(rest("PUT", "enrollments/osgi-keep", "{\"attestation\":{\"type\":\"symmetricKey\"},"
                + "\"deviceId\":\"osgi-keep-dev\"}"));
        Map<String, Object> p = dpsSession("dps-keep", "osgi-keep");
        p.put(SessionConfig.KEY.id(), key);
        Configuration config = createSession(p);
        DmSession first = awaitSession("dps-keep");
        awaitState(first, "connected", ConnectionState::isConnected);
        assertThat(registrations("osgi-keep")).isEqualTo(1);

        p.put(SessionConfig.KEEPALIVE.id(), 45); // a new session from the changed configuration
        config.update(new Hashtable<>(p));
        Await.until("the session replaced", WAIT, () -> awaitSession("dps-keep") != first);
        DmSession second = awaitSession("dps-keep");
        awaitState(second, "connected again", ConnectionState::isConnected);
        assertThat(registrations("osgi-keep")).as("the kept identity, no new registration").isEqualTo(1);

        assertThat(hub().removeDevice("osgi-keep-dev").status()).isEqualTo(204);
        Await.until("registered again", WAIT, () -> registrations("osgi-keep") == 2);
        awaitState(second, "connected to the hub again", ConnectionState::isConnected);
        passesTraffic(second);
    }

    @Test
    public void anX509DeviceRegistersUnderItsCertificatesNameAndConnects() throws Exception {
        JsonObject x509 = rest("PUT", "enrollments/osgi-x509", "{\"attestation\":{\"type\":\"x509\"}}")
                .getAsJsonObject("attestation").getAsJsonObject("x509");
        Map<String, Object> p = dpsSession("dps-x509", "osgi-x509");
        p.remove("azure.dps.registration.id"); // the certificate's common name
        p.put(SessionConfig.CERT.id(), x509.get("certificateFile").getAsString());
        p.put(SessionConfig.KEY.id(), x509.get("privateKeyFile").getAsString());
        passesTraffic(connected(p));
    }

    @Test
    public void aGroupMemberConnectsWithTheKeyDerivedFromItsGroupsKey() throws Exception {
        String groupKey = primaryKey(rest("PUT", "groups/osgi-group", "{\"attestation\":{\"type\":\"symmetricKey\"}}"));
        Map<String, Object> p = dpsSession("dps-group", "osgi-member-1");
        p.put("azure.dps.group.key", groupKey);
        passesTraffic(connected(p));
    }

    @Test
    public void aWrongKeyIsABadCredentialThatNamesTheServiceAndNeverTheKey() throws Exception {
        rest("PUT", "enrollments/osgi-wrong", "{\"attestation\":{\"type\":\"symmetricKey\"}}");
        String wrong = "d3Jvbmcta2V5LXdyb25nLWtleS13cm9uZy1rZXktMDA=";
        Map<String, Object> p = dpsSession("dps-wrong", "osgi-wrong");
        p.put(SessionConfig.KEY.id(), wrong);
        try (LogCapture logs = captureLogs()) {
            createSession(p);
            DmSession session = awaitSession("dps-wrong");
            awaitState(session, "BAD_CREDENTIAL", s -> s.reason() == ConnectionReason.BAD_CREDENTIAL);
            assertThat(session.state().detail()).contains("DPS", "401");
            assertThat(logs.lines()).noneMatch(l -> l.contains(wrong));
        }
    }

    @Test
    public void theSessionFormShowsTheDpsOptionsWithTheGroupKeyAsAPassword() {
        Bundle core = Arrays.stream(context.getBundles()).filter(b -> b.getSymbolicName().equals("io.dmkit.core"))
                .findFirst().orElseThrow();
        ObjectClassDefinition form = metaType.getMetaTypeInformation(core)
                .getObjectClassDefinition(SessionConfig.FACTORY_PID, null);
        AttributeDefinition[] all = form.getAttributeDefinitions(ObjectClassDefinition.ALL);
        assertThat(Arrays.stream(all).map(AttributeDefinition::getID)).contains("azure.dps.id.scope",
                "azure.dps.registration.id", "azure.dps.endpoint", "azure.dps.group.key", "azure.dps.payload");
        assertThat(Arrays.stream(all).filter(a -> a.getID().equals("azure.dps.group.key")).findFirst().orElseThrow()
                .getType()).isEqualTo(AttributeDefinition.PASSWORD);
    }
}
