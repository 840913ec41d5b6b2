package io.dmkit.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.dmkit.emulator.internal.fleet.AwsRegistration;
import io.dmkit.emulator.internal.fleet.Claim;
import io.dmkit.emulator.internal.fleet.ProvisioningTemplate;
import io.dmkit.emulator.internal.fleet.TestCsrs;
import io.dmkit.pki.KeyKind;
import io.dmkit.pki.LocalPki;
import io.dmkit.testing.Await;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * AWS IoT fleet provisioning by claim on the wire (protocols.md §8.2), spoken by a hand-written Paho
 * device over mutual TLS with a claim certificate: both ways to get a certificate, RegisterThing, the
 * thing reconnecting with its new certificate, the claim policy, and each rejection.
 */
class FleetProvisioningDialectTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String CSR = "$aws/certificates/create-from-csr/json";
    private static final String KEYS = "$aws/certificates/create/json";
    private static final String FLEET = "$aws/provisioning-templates/fleet/provision/json";
    private static final String CLOSED = "$aws/provisioning-templates/closed/provision/json";
    private static final String MISSING = "$aws/provisioning-templates/missing/provision/json";

    @TempDir
    static Path dir;
    static Emulator emulator;
    static SSLSocketFactory claimTls;

    @BeforeAll
    static void start() throws Exception {
        emulator = Emulator.start(EmulatorOptions.forTests(dir.resolve("state")).build());
        Claim claim = emulator.fleetProvisioning().createClaim("factory");
        claimTls = RawDevice.trusting(emulator, new Device("claim", Dialect.AWS, AuthKind.X509, null,
                claim.certificateFile(), claim.privateKeyFile(), null));
        emulator.fleetProvisioning().putTemplate(new ProvisioningTemplate("fleet", "sensor-", "SerialNumber", true,
                Map.of("region", "bench")));
        emulator.fleetProvisioning().putTemplate(new ProvisioningTemplate("closed", "x-", "SerialNumber", false,
                Map.of()));
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @Test
    void csrCertificateRegistersTheThingWhichReconnectsWithItAndUsesItsShadow() throws Exception {
        KeyPair keys = LocalPki.generateKeyPair(KeyKind.EC_PKCS8);
        JsonObject created;
        JsonObject registered;
        try (RawDevice device = claimDevice("thing-name-of-nobody")) {
            device.subscribe(CSR + "/accepted", CSR + "/rejected", FLEET + "/+");
            device.publish(CSR, "{\"certificateSigningRequest\":" + quoted(TestCsrs.csr(keys, keys)) + "}");
            created = take(device, CSR + "/accepted");
            assertThat(created.keySet()).containsExactlyInAnyOrder("certificateId", "certificatePem",
                    "certificateOwnershipToken");
            assertThat(created.get("certificateId").getAsString()).matches("[0-9a-f]{64}");

            device.publish(FLEET, register(created, "{\"SerialNumber\":\"001\",\"Model\":\"m\"}"));
            registered = take(device, FLEET + "/accepted");
        }
        assertThat(registered).isEqualTo(json("{\"deviceConfiguration\":{\"region\":\"bench\"},\"thingName\":\"sensor-001\"}"));
        Device thing = emulator.device("sensor-001").orElseThrow();
        assertThat(thing.dialect()).isEqualTo(Dialect.AWS);
        assertThat(thing.auth()).isEqualTo(AuthKind.X509);
        assertThat(thing.thumbprint()).isEqualTo(created.get("certificateId").getAsString());
        assertThat(emulator.fleetProvisioning().registrations()).anySatisfy(r -> {
            assertThat(r.thingName()).isEqualTo("sensor-001");
            assertThat(r.template()).isEqualTo("fleet");
            assertThat(r.status()).isEqualTo(AwsRegistration.ACCEPTED);
            assertThat(r.error()).isNull();
        });

        Device credentials = write("sensor-001", created.get("certificatePem").getAsString(),
                LocalPki.privateKeyPem(keys, KeyKind.EC_PKCS8));
        String shadow = "$aws/things/sensor-001/shadow";
        try (RawDevice provisioned = RawDevice.connect(emulator.endpoints().mqttTlsUri().toString(), "sensor-001",
                null, null, RawDevice.trusting(emulator, credentials))) {
            provisioned.subscribe(shadow + "/update/accepted", shadow + "/get/accepted", shadow + "/get/rejected");
            provisioned.publish(shadow + "/update", "{\"state\":{\"reported\":{\"fw\":\"1.0\"}}}");
            assertThat(take(provisioned, shadow + "/update/accepted").get("version").getAsLong()).isEqualTo(1);
            provisioned.publish(shadow + "/get", "");
            assertThat(take(provisioned, shadow + "/get/accepted").getAsJsonObject("state"))
                    .isEqualTo(json("{\"reported\":{\"fw\":\"1.0\"}}"));
        }
    }

    @Test
    void createdKeysAndCertificateRegisterTooAndTheTokenIsSingleUse() throws Exception {
        JsonObject created;
        try (RawDevice device = claimDevice("keys-client")) {
            device.subscribe(KEYS + "/+", FLEET + "/accepted", FLEET + "/rejected");
            device.publish(KEYS, "{}");
            created = take(device, KEYS + "/accepted");
            assertThat(created.keySet()).containsExactlyInAnyOrder("certificateId", "certificatePem", "privateKey",
                    "certificateOwnershipToken");
            assertThat(created.get("privateKey").getAsString()).startsWith("-----BEGIN RSA PRIVATE KEY-----");

            device.publish(FLEET, register(created, "{\"SerialNumber\":\"002\"}"));
            assertThat(take(device, FLEET + "/accepted").get("thingName").getAsString()).isEqualTo("sensor-002");
            device.publish(FLEET, register(created, "{\"SerialNumber\":\"003\"}"));
            assertRejected(take(device, FLEET + "/rejected"), 400, "InvalidCertificateOwnershipToken");
        }
        assertThat(emulator.device("sensor-003")).isEmpty();
        Device credentials = write("sensor-002", created.get("certificatePem").getAsString(),
                created.get("privateKey").getAsString());
        try (RawDevice provisioned = RawDevice.connect(emulator.endpoints().mqttTlsUri().toString(), "any-client-id",
                null, null, RawDevice.trusting(emulator, credentials))) {
            Await.until("the emulator sees sensor-002 connected", WAIT, () -> emulator.connection("sensor-002").connected());
        }
    }

    @Test
    void aCertificateThatWasNeverRegisteredCannotConnect() throws Exception {
        JsonObject created;
        try (RawDevice device = claimDevice("unregistered-client")) {
            device.subscribe(KEYS + "/accepted");
            device.publish(KEYS, "");
            created = take(device, KEYS + "/accepted");
        }
        Device credentials = write("unregistered", created.get("certificatePem").getAsString(),
                created.get("privateKey").getAsString());
        assertThatThrownBy(() -> RawDevice.connect(emulator.endpoints().mqttTlsUri().toString(), "unregistered", null,
                null, RawDevice.trusting(emulator, credentials))).isInstanceOfSatisfying(MqttException.class,
                        e -> assertThat(e.getReasonCode()).isEqualTo(MqttException.REASON_CODE_NOT_AUTHORIZED));
    }

    @Test
    void aClaimMayUseOnlyTheProvisioningTopics() throws Exception {
        emulator.registerDevice("thing-of-someone", Dialect.AWS, AuthKind.X509);
        try (RawDevice device = claimDevice("thing-of-someone")) {
            assertThatThrownBy(() -> device.subscribe("$aws/things/thing-of-someone/shadow/get/accepted"))
                    .isInstanceOf(MqttException.class);
            assertThatThrownBy(() -> device.subscribe("$aws/certificates/#")).isInstanceOf(MqttException.class);
            assertThatThrownBy(() -> device.subscribe("telemetry")).isInstanceOf(MqttException.class);
            device.subscribe(KEYS + "/accepted");

            // The broker may close the connection before its PUBACK reaches Paho, which then throws.
            catchThrowable(() -> device.publish("$aws/things/thing-of-someone/shadow/get", ""));
            Await.until("the claim's connection is closed after a shadow publish", WAIT, () -> !device.isConnected());
        }
        assertThat(emulator.connection("thing-of-someone").connects()).isZero();
    }

    @Test
    void eachRejectionIsTheOneAwsSends() throws Exception {
        KeyPair keys = LocalPki.generateKeyPair(KeyKind.RSA_PKCS8);
        KeyPair other = LocalPki.generateKeyPair(KeyKind.RSA_PKCS8);
        try (RawDevice device = claimDevice("rejections")) {
            device.subscribe(CSR + "/rejected", CSR + "/accepted", FLEET + "/rejected", CLOSED + "/rejected",
                    MISSING + "/rejected");

            device.publish(CSR, "{\"certificateSigningRequest\":\"-----BEGIN CERTIFICATE REQUEST-----\\nAAAA\\n"
                    + "-----END CERTIFICATE REQUEST-----\\n\"}");
            assertRejected(take(device, CSR + "/rejected"), 400, "InvalidCSR");
            device.publish(CSR, "{\"certificateSigningRequest\":" + quoted(TestCsrs.csr(keys, other)) + "}");
            assertRejected(take(device, CSR + "/rejected"), 400, "InvalidCSR");
            device.publish(CSR, "{}");
            assertRejected(take(device, CSR + "/rejected"), 400, "InvalidCSR");
            device.publish(CSR, "not json");
            assertRejected(take(device, CSR + "/rejected"), 400, "InvalidPayload");

            device.publish(CSR, "{\"certificateSigningRequest\":" + quoted(TestCsrs.csr(keys, keys)) + "}");
            JsonObject created = take(device, CSR + "/accepted");

            device.publish(MISSING, register(created, "{\"SerialNumber\":\"9\"}"));
            assertRejected(take(device, MISSING + "/rejected"), 404, "ResourceNotFound");
            device.publish(FLEET, "{\"certificateOwnershipToken\":\"\",\"parameters\":{\"SerialNumber\":\"9\"}}");
            assertRejected(take(device, FLEET + "/rejected"), 400, "InvalidCertificateOwnershipToken");
            device.publish(FLEET, "{\"certificateOwnershipToken\":\"forged\",\"parameters\":{\"SerialNumber\":\"9\"}}");
            assertRejected(take(device, FLEET + "/rejected"), 400, "InvalidCertificateOwnershipToken");
            device.publish(FLEET, register(created, "{\"Serial\":\"9\"}"));
            assertRejected(take(device, FLEET + "/rejected"), 400, "InvalidParameters");
            device.publish(CLOSED, register(created, "{\"SerialNumber\":\"9\"}"));
            assertRejected(take(device, CLOSED + "/rejected"), 403, "AccessDenied");

            // none of those used the token up
            device.subscribe(FLEET + "/accepted");
            device.publish(FLEET, register(created, "{\"SerialNumber\":\"9\"}"));
            assertThat(take(device, FLEET + "/accepted").get("thingName").getAsString()).isEqualTo("sensor-9");
        }
        assertThat(emulator.fleetProvisioning().registrations()).anySatisfy(r -> {
            assertThat(r.template()).isEqualTo("closed");
            assertThat(r.status()).isEqualTo(AwsRegistration.REJECTED);
            assertThat(r.error()).startsWith("403 AccessDenied");
        });
    }

    private static RawDevice claimDevice(String clientId) throws MqttException {
        return RawDevice.connect(emulator.endpoints().mqttTlsUri().toString(), clientId, null, null, claimTls);
    }


    private static String register(JsonObject created, String parameters) {
        return "{\"certificateOwnershipToken\":" + quoted(created.get("certificateOwnershipToken").getAsString())
                + ",\"parameters\":" + parameters + "}";
    }

    /** A device's credentials as files, for {@link RawDevice#trusting}. */
    private static Device write(String name, String certificatePem, String keyPem) throws Exception {
        Path certificate = Files.writeString(dir.resolve(name + ".crt"), certificatePem, StandardCharsets.US_ASCII);
        Path key = Files.writeString(dir.resolve(name + ".key"), keyPem, StandardCharsets.US_ASCII);
        return new Device(name, Dialect.AWS, AuthKind.X509, null, certificate, key, null);
    }

    private static void assertRejected(JsonObject rejection, int statusCode, String errorCode) {
        assertThat(rejection.keySet()).containsExactlyInAnyOrder("statusCode", "errorCode", "errorMessage");
        assertThat(rejection.get("statusCode").getAsInt()).as(rejection.toString()).isEqualTo(statusCode);
        assertThat(rejection.get("errorCode").getAsString()).as(rejection.toString()).isEqualTo(errorCode);
    }

    /** Takes the first message received on {@code topic}, whatever arrived before it on other topics. */
    private static JsonObject take(RawDevice device, String topic) {
        return json(Await.value("a message on " + topic, WAIT, () -> {
            for (RawDevice.Received message : device.received) {
                if (message.topic().equals(topic) && device.received.remove(message)) {
                    return message;
                }
            }
            return null;
        }).payload());
    }

    private static String quoted(String text) {
        return new com.google.gson.JsonPrimitive(text).toString();
    }

    private static JsonObject json(String text) {
        return JsonParser.parseString(text).getAsJsonObject();
    }
}
