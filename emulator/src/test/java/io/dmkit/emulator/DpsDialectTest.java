package io.dmkit.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.dmkit.emulator.internal.dps.AttestationType;
import io.dmkit.emulator.internal.dps.Enrollment;
import io.dmkit.emulator.internal.dps.EnrollmentGroup;
import io.dmkit.emulator.internal.dps.EnrollmentSpec;
import io.dmkit.emulator.internal.dps.GroupCertificate;
import io.dmkit.emulator.internal.dps.Provisioning;
import io.dmkit.emulator.internal.dps.RegistrationEvent;
import io.dmkit.testing.Await;
import io.dmkit.transport.azure.protocol.SasToken;
import io.dmkit.transport.mqtt.tls.ClientIdentity;
import io.dmkit.transport.mqtt.tls.PemReader;
import io.dmkit.transport.mqtt.tls.TlsSocketFactories;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The emulator's Device Provisioning Service on the wire, spoken by a hand-written Paho device
 * ({@code protocols.md} §8.1): register, poll, the assignment, and then the hub with what was assigned.
 */
class DpsDialectTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String HUB_API = "/?api-version=2021-04-12";

    @TempDir
    static Path dir;
    static Emulator emulator;
    static Provisioning dps;
    static SSLSocketFactory tls;
    private static final AtomicInteger RIDS = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        emulator = Emulator.start(EmulatorOptions.forTests(dir.resolve("state")).build());
        dps = emulator.provisioning();
        tls = tls(null, null);
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    // ---- the device's side ----

    private static SSLSocketFactory tls(Path certificateOrChain, Path key) {
        ClientIdentity identity = certificateOrChain == null ? null
                : ClientIdentity.read("cert", certificateOrChain.toString(), "key", key.toString());
        return TlsSocketFactories.create(
                PemReader.certificates("ca", emulator.endpoints().caCertificate().toString()), false, identity);
    }

    private static String userName(String registrationId) {
        return dps.idScope() + "/registrations/" + registrationId + "/api-version=2019-03-31&ClientVersion=test";
    }

    private static String token(String registrationId, String key, Instant expiry) {
        return SasToken.create(dps.idScope() + "/registrations/" + registrationId, key, expiry, "registration");
    }

    private static RawDevice connectDps(String registrationId, String password, SSLSocketFactory factory)
            throws MqttException {
        RawDevice device = RawDevice.connect(emulator.endpoints().mqttTlsUri().toString(), registrationId,
                userName(registrationId), password, factory);
        device.subscribe("$dps/registrations/res/#");
        return device;
    }

    private static RawDevice connectDps(String registrationId, String key) throws MqttException {
        return connectDps(registrationId, token(registrationId, key, Instant.now().plusSeconds(3600)), tls);
    }

    /** Publishes a register request; the answer. */
    private static RawDevice.Received register(RawDevice device, String registrationId, String rid) throws Exception {
        device.publish("$dps/registrations/PUT/iotdps-register/?$rid=" + rid,
                "{\"registrationId\":\"" + registrationId + "\",\"payload\":{\"model\":\"x\"}}");
        return device.next(WAIT);
    }

    /** Registers and polls the operation until DPS says how it ended: the final operation status. */
    private static JsonObject registerAndPoll(RawDevice device, String registrationId) throws Exception {
        String rid = Integer.toString(RIDS.incrementAndGet());
        RawDevice.Received accepted = register(device, registrationId, rid);
        assertThat(accepted.topic()).isEqualTo("$dps/registrations/res/202/?$rid=" + rid + "&retry-after=1");
        JsonObject operation = JsonParser.parseString(accepted.payload()).getAsJsonObject();
        assertThat(operation.get("status").getAsString()).isEqualTo("assigning");
        String operationId = operation.get("operationId").getAsString();
        assertThat(operationId).matches("4\\.[0-9a-f]{16}\\.[0-9a-f-]{36}");
        String pollRid = Integer.toString(RIDS.incrementAndGet());
        device.publish("$dps/registrations/GET/iotdps-get-operationstatus/?$rid=" + pollRid + "&operationId="
                + operationId, "");
        RawDevice.Received status = device.next(WAIT);
        assertThat(status.topic()).isEqualTo("$dps/registrations/res/200/?$rid=" + pollRid);
        JsonObject body = JsonParser.parseString(status.payload()).getAsJsonObject();
        assertThat(body.get("operationId").getAsString()).isEqualTo(operationId);
        return body;
    }

    private static JsonObject assigned(JsonObject operation, String registrationId, String deviceId) {
        assertThat(operation.get("status").getAsString()).isEqualTo("assigned");
        JsonObject state = operation.getAsJsonObject("registrationState");
        assertThat(state.get("registrationId").getAsString()).isEqualTo(registrationId);
        assertThat(state.get("status").getAsString()).isEqualTo("assigned");
        assertThat(state.get("substatus").getAsString()).isEqualTo("initialAssignment");
        assertThat(state.get("assignedHub").getAsString()).isEqualTo("127.0.0.1");
        assertThat(state.get("deviceId").getAsString()).isEqualTo(deviceId);
        assertThat(state.keySet()).contains("createdDateTimeUtc", "lastUpdatedDateTimeUtc", "etag");
        return state;
    }

    /** Connects to the hub at the assigned host, on the same TLS port, and reads the twin. */
    private static void useHub(String assignedHub, String deviceId, String key, SSLSocketFactory factory)
            throws Exception {
        String password = key == null ? null
                : SasToken.create(assignedHub + "/devices/" + deviceId, key, Instant.now().plusSeconds(3600));
        try (RawDevice hub = RawDevice.connect("ssl://" + assignedHub + ":" + emulator.endpoints().mqttTlsPort(),
                deviceId, assignedHub + "/" + deviceId + HUB_API, password, factory)) {
            hub.subscribe("$iothub/twin/res/#");
            hub.publish("$iothub/twin/GET/?$rid=t", "");
            assertThat(hub.next(WAIT).topic()).isEqualTo("$iothub/twin/res/200/?$rid=t");
        }
    }

    private static JsonObject error(RawDevice.Received answer, int status, String rid, int errorCode) {
        assertThat(answer.topic()).startsWith("$dps/registrations/res/" + status + "/?$rid=" + rid);
        JsonObject body = JsonParser.parseString(answer.payload()).getAsJsonObject();
        assertThat(body.get("errorCode").getAsInt()).isEqualTo(errorCode);
        assertThat(body.get("trackingId").getAsString()).isNotBlank();
        assertThat(body.get("message").getAsString()).isNotBlank();
        return body;
    }

    private static String randomKey() {
        byte[] bytes = new byte[32];
        new java.security.SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static String derive(String groupKey, String registrationId) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(groupKey), "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal(registrationId.getBytes(StandardCharsets.UTF_8)));
    }

    private static EnrollmentSpec spec(AttestationType type, String deviceId, boolean enabled, String payload) {
        return new EnrollmentSpec(type, deviceId, enabled, null, null, payload);
    }

    // ---- the tests ----

    @Test
    void individualSymmetricKeyIsAssignedWithItsPayloadAndConnectsToTheHub() throws Exception {
        Enrollment enrollment = dps.putEnrollment("dps-key-1",
                spec(AttestationType.SYMMETRIC_KEY, "dps-key-1-device", true, "{\"site\":\"plant-7\"}"));
        JsonObject state;
        try (RawDevice device = connectDps("dps-key-1", enrollment.primaryKey())) {
            state = assigned(registerAndPoll(device, "dps-key-1"), "dps-key-1", "dps-key-1-device");
        }
        assertThat(state.get("payload")).isEqualTo(JsonParser.parseString("{\"site\":\"plant-7\"}"));
        Device hubDevice = emulator.device("dps-key-1-device").orElseThrow();
        assertThat(hubDevice.dialect()).isEqualTo(Dialect.AZURE);
        assertThat(hubDevice.key()).isEqualTo(enrollment.primaryKey());
        useHub(state.get("assignedHub").getAsString(), "dps-key-1-device", enrollment.primaryKey(), tls);

        // the secondary key attests too; the hub device then takes the key the device proved
        try (RawDevice device = connectDps("dps-key-1", enrollment.secondaryKey())) {
            assigned(registerAndPoll(device, "dps-key-1"), "dps-key-1", "dps-key-1-device");
        }
        useHub("127.0.0.1", "dps-key-1-device", enrollment.secondaryKey(), tls);
    }

    @Test
    void groupSymmetricKeyDevicesUseTheirDerivedKeyAndKeepTheirTwinOnReRegistration() throws Exception {
        EnrollmentGroup group = dps.putGroup("dps-group-key", spec(AttestationType.SYMMETRIC_KEY, null, true, null));
        String registrationId = "dps-group-key-device-7";
        String deviceKey = derive(group.primaryKey(), registrationId);
        JsonObject first;
        try (RawDevice device = connectDps(registrationId, deviceKey)) {
            first = assigned(registerAndPoll(device, registrationId), registrationId, registrationId);
        }
        assertThat(emulator.device(registrationId).orElseThrow().key()).isEqualTo(deviceKey);
        useHub("127.0.0.1", registrationId, deviceKey, tls);
        long desired = emulator.patchDesired(registrationId, "{\"interval\":5}");

        JsonObject again;
        try (RawDevice device = connectDps(registrationId, deviceKey)) {
            again = assigned(registerAndPoll(device, registrationId), registrationId, registrationId);
        }
        assertThat(again.get("createdDateTimeUtc")).isEqualTo(first.get("createdDateTimeUtc"));
        assertThat(again.get("etag")).isNotEqualTo(first.get("etag"));
        assertThat(emulator.twin(registrationId).desiredVersion()).isEqualTo(desired);
        assertThat(dps.registrations()).filteredOn(e -> e.registrationId().equals(registrationId))
                .extracting(RegistrationEvent::enrollment, RegistrationEvent::status, RegistrationEvent::substatus)
                .containsOnly(org.assertj.core.api.Assertions.tuple("group:dps-group-key", "assigned",
                        "initialAssignment"));
    }

    @Test
    void individualX509EnrollmentIsAssignedWithItsCertificate() throws Exception {
        Enrollment enrollment = dps.putEnrollment("dps-x509-1", spec(AttestationType.X509, null, true, null));
        SSLSocketFactory factory = tls(enrollment.certificateFile(), enrollment.privateKeyFile());
        try (RawDevice device = connectDps("dps-x509-1", null, factory)) {
            assigned(registerAndPoll(device, "dps-x509-1"), "dps-x509-1", "dps-x509-1");
        }
        Device hubDevice = emulator.device("dps-x509-1").orElseThrow();
        assertThat(hubDevice.auth()).isEqualTo(AuthKind.X509);
        assertThat(hubDevice.thumbprint()).isEqualTo(enrollment.thumbprint());
        useHub("127.0.0.1", "dps-x509-1", null, factory);
    }

    @Test
    void groupX509DevicePresentsAChainToTheGroupsSigningCa() throws Exception {
        dps.putGroup("dps-group-x509", spec(AttestationType.X509, null, true, "{\"fleet\":1}"));
        GroupCertificate certificate = dps.issueGroupCertificate("dps-group-x509", "dps-group-x509-device");
        SSLSocketFactory chain = tls(certificate.chainFile(), certificate.privateKeyFile());
        JsonObject state;
        try (RawDevice device = connectDps("dps-group-x509-device", null, chain)) {
            state = assigned(registerAndPoll(device, "dps-group-x509-device"), "dps-group-x509-device",
                    "dps-group-x509-device");
        }
        assertThat(state.get("payload")).isEqualTo(JsonParser.parseString("{\"fleet\":1}"));
        assertThat(emulator.device("dps-group-x509-device").orElseThrow().auth()).isEqualTo(AuthKind.X509);
        useHub("127.0.0.1", "dps-group-x509-device", null, chain);

        // a certificate of the emulator's CA that no enrollment or group knows: no enrollment
        Enrollment other = dps.putEnrollment("dps-x509-other", spec(AttestationType.X509, null, true, null));
        dps.removeEnrollment("dps-x509-other");
        try (RawDevice device = connectDps("dps-x509-other", null,
                tls(other.certificateFile(), other.privateKeyFile()))) {
            error(register(device, "dps-x509-other", "9"), 404, "9", 404201);
        }
    }

    @Test
    void aBadSignatureIsConnectedThenRefusedWith401OnTheRegisterTopic() throws Exception {
        dps.putEnrollment("dps-bad-sig", spec(AttestationType.SYMMETRIC_KEY, null, true, null));
        try (RawDevice device = connectDps("dps-bad-sig", randomKey())) {
            assertThat(device.isConnected()).isTrue();
            JsonObject body = error(register(device, "dps-bad-sig", "1"), 401, "1", 401002);
            assertThat(body.get("message").getAsString()).isEqualTo("Unauthorized");
        }
        String key = dps.enrollment("dps-bad-sig").orElseThrow().primaryKey();
        try (RawDevice device = connectDps("dps-bad-sig",
                token("dps-bad-sig", key, Instant.now().minusSeconds(5)), tls)) {
            error(register(device, "dps-bad-sig", "2"), 401, "2", 401002);
        }
        assertThat(emulator.device("dps-bad-sig")).isEmpty();
        assertThat(dps.registrations()).filteredOn(e -> e.registrationId().equals("dps-bad-sig"))
                .extracting(RegistrationEvent::status).containsExactly("401", "401");
    }

    @Test
    void anUnknownEnrollmentOrIdScopeIs404() throws Exception {
        try (RawDevice device = connectDps("dps-nobody", randomKey())) {
            error(register(device, "dps-nobody", "1"), 404, "1", 404201);
        }
        try (RawDevice device = RawDevice.connect(emulator.endpoints().mqttTlsUri().toString(), "dps-nobody",
                "0ne00000000/registrations/dps-nobody/api-version=2019-03-31", "SharedAccessSignature sr=x&sig=eA%3D%3D&se=1",
                tls)) {
            device.subscribe("$dps/registrations/res/#");
            error(register(device, "dps-nobody", "2"), 404, "2", 404201);
        }
    }

    @Test
    void aDisabledEnrollmentEndsTheOperationWithStatusDisabled() throws Exception {
        Enrollment enrollment = dps.putEnrollment("dps-disabled", spec(AttestationType.SYMMETRIC_KEY, null, false, null));
        try (RawDevice device = connectDps("dps-disabled", enrollment.primaryKey())) {
            JsonObject operation = registerAndPoll(device, "dps-disabled");
            assertThat(operation.get("status").getAsString()).isEqualTo("disabled");
            JsonObject state = operation.getAsJsonObject("registrationState");
            assertThat(state.get("status").getAsString()).isEqualTo("disabled");
            assertThat(state.has("assignedHub")).isFalse();
        }
        assertThat(emulator.device("dps-disabled")).isEmpty();
    }

    @Test
    void throttlingAnswers429WithRetryAfterUntilItEnds() throws Exception {
        Enrollment enrollment = dps.putEnrollment("dps-throttled", spec(AttestationType.SYMMETRIC_KEY, null, true, null));
        try (RawDevice device = connectDps("dps-throttled", enrollment.primaryKey())) {
            dps.throttle(Duration.ofSeconds(2));
            RawDevice.Received throttled = register(device, "dps-throttled", "1");
            error(throttled, 429, "1", 429001);
            assertThat(throttled.topic()).matches("\\$dps/registrations/res/429/\\?\\$rid=1&retry-after=[12]");
            device.publish("$dps/registrations/GET/iotdps-get-operationstatus/?$rid=2&operationId=4.x.y", "");
            error(device.next(WAIT), 429, "2", 429001);
            String accepted = Await.value("the throttle to end", WAIT, () -> {
                try {
                    RawDevice.Received answer = register(device, "dps-throttled", "3");
                    return answer.topic().startsWith("$dps/registrations/res/202/") ? answer.topic() : null;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(accepted).isEqualTo("$dps/registrations/res/202/?$rid=3&retry-after=1");
        }
    }

    @Test
    void connectsThatAreNotDpsShapedAreRefused() {
        assertThat(refusal("dps-other-id", userName("dps-a"), tls)).isEqualTo(MqttException.REASON_CODE_INVALID_CLIENT_ID);
        assertThat(refusal("dps-a", dps.idScope() + "/registrations/dps-a", tls))
                .isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION);
        assertThat(refusal("-bad-", userName("-bad-"), tls)).isEqualTo(MqttException.REASON_CODE_INVALID_CLIENT_ID);
    }

    @Test
    void anUnknownOperationIs404() throws Exception {
        Enrollment enrollment = dps.putEnrollment("dps-poller", spec(AttestationType.SYMMETRIC_KEY, null, true, null));
        try (RawDevice device = connectDps("dps-poller", enrollment.primaryKey())) {
            device.publish("$dps/registrations/GET/iotdps-get-operationstatus/?$rid=5&operationId=4.0.none", "");
            error(device.next(WAIT), 404, "5", 404203);
        }
    }

    private static int refusal(String clientId, String userName, SSLSocketFactory factory) {
        try (RawDevice device = RawDevice.connect(emulator.endpoints().mqttTlsUri().toString(), clientId, userName,
                null, factory)) {
            throw new AssertionError("the connection of " + clientId + " was accepted");
        } catch (MqttException e) {
            return e.getReasonCode();
        }
    }
}
