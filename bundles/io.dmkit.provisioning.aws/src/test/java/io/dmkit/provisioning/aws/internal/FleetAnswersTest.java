package io.dmkit.provisioning.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.dmkit.api.ConnectionReason;
import io.dmkit.api.spi.TransportException;
import io.dmkit.pki.KeyKind;
import io.dmkit.pki.LocalPki;
import io.dmkit.provisioning.aws.internal.FleetAnswers.CreatedCertificate;
import io.dmkit.transport.aws.protocol.FleetProvisioningTopics.Operation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FleetAnswersTest {

    private static final String ID = "ab".repeat(32);
    private static final String TOKEN = "eyJ2ZXJzaW9uIjoiMjAxOS0xMC0zMCJ9.c2VjcmV0LXRva2Vu";

    @TempDir
    Path dir;
    private LocalPki pki;
    private FleetSettings settings;

    @BeforeEach
    void setUp() {
        pki = TestClaims.pki(dir);
        settings = FleetSettings.from(TestClaims.session(dir).build());
    }

    @Test
    void aCertificateForTheGatewaysCsrIsAcceptedWithTheGatewaysKey() throws Exception {
        CsrKeyPair csr = CsrKeyPair.generate("line-1");
        String pem = LocalPki.pem(pki.issueClient("AWS IoT Certificate", csr.publicKey()));
        CreatedCertificate created = FleetAnswers.created(Operation.CREATE_CERTIFICATE_FROM_CSR,
                body("certificateId", ID, "certificatePem", pem, "certificateOwnershipToken", TOKEN), csr, settings);
        assertThat(created.certificateId()).isEqualTo(ID);
        assertThat(created.certificatePem()).isEqualTo(pem);
        assertThat(created.privateKeyPem()).isEqualTo(csr.privateKeyPem());
        assertThat(created.ownershipToken()).isEqualTo(TOKEN);
        assertThat(created.toString()).isEqualTo("CreatedCertificate[" + ID + "]");
    }

    @Test
    void aCertificateForAnotherKeyIsRefused() {
        CsrKeyPair csr = CsrKeyPair.generate("line-1");
        String pem = LocalPki.pem(pki.issueClient("AWS IoT Certificate", CsrKeyPair.generate("x").publicKey()));
        assertThatThrownBy(() -> FleetAnswers.created(Operation.CREATE_CERTIFICATE_FROM_CSR,
                body("certificateId", ID, "certificatePem", pem, "certificateOwnershipToken", TOKEN), csr, settings))
                .isInstanceOfSatisfying(TransportException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ConnectionReason.COMMUNICATION_ERROR);
                    assertThat(e.isPermanent()).isFalse();
                    assertThat(e.getMessage()).contains("CreateCertificateFromCsr was accepted with an unusable "
                            + "certificate or key").doesNotContain(TOKEN);
                });
    }

    @Test
    void keysAwsMadeComeWithTheirCertificate() throws Exception {
        KeyPair keys = LocalPki.generateKeyPair(KeyKind.RSA_PKCS1);
        String pem = LocalPki.pem(pki.issueClient("AWS IoT Certificate", keys.getPublic()));
        String keyPem = LocalPki.privateKeyPem(keys, KeyKind.RSA_PKCS1);
        CreatedCertificate created = FleetAnswers.created(Operation.CREATE_KEYS_AND_CERTIFICATE, body("certificateId",
                ID, "certificatePem", pem, "privateKey", keyPem, "certificateOwnershipToken", TOKEN), null, settings);
        assertThat(created.privateKeyPem()).isEqualTo(keyPem);
        assertThat(created.toString()).doesNotContain("PRIVATE").doesNotContain(TOKEN);
    }

    @Test
    void pemMembersAreNeverReadAsFileNames() throws Exception {
        Path file = dir.resolve("a-file.pem");
        Files.writeString(file, LocalPki.pem(pki.caCertificate()));
        assertThatThrownBy(() -> FleetAnswers.created(Operation.CREATE_KEYS_AND_CERTIFICATE, body("certificateId", ID,
                "certificatePem", file.toString(), "privateKey", file.toString(), "certificateOwnershipToken", TOKEN),
                null, settings)).hasMessageContaining("a certificatePem that is not PEM");
    }

    @Test
    void incompleteOrForeignAnswersAreNotAnIdentity() {
        assertThatThrownBy(() -> FleetAnswers.created(Operation.CREATE_CERTIFICATE_FROM_CSR,
                body("certificateId", ID), CsrKeyPair.generate("a"), settings)).hasMessageContaining("no ");
        assertThatThrownBy(() -> FleetAnswers.created(Operation.CREATE_CERTIFICATE_FROM_CSR,
                body("certificateId", "../x\n", "certificatePem", "-----BEGIN", "certificateOwnershipToken", TOKEN),
                CsrKeyPair.generate("a"), settings)).hasMessageContaining("'../x?'");
        assertThatThrownBy(() -> FleetAnswers.registered("not json".getBytes(StandardCharsets.UTF_8), settings))
                .hasMessageContaining("RegisterThing was accepted with an answer that is not a JSON object");
        assertThatThrownBy(() -> FleetAnswers.registered(body("thingName", "a/b"), settings))
                .hasMessageContaining("is not a thing name");
    }

    @Test
    void registerThingGivesTheThingAndTheDeviceConfiguration() throws Exception {
        var thing = FleetAnswers.registered(("{\"deviceConfiguration\":{\"region\":\"bench\"},\"thingName\":"
                + "\"sensor-001\"}").getBytes(StandardCharsets.UTF_8), settings);
        assertThat(thing.thingName()).isEqualTo("sensor-001");
        assertThat(thing.deviceConfiguration()).isEqualTo(JsonParser.parseString("{\"region\":\"bench\"}"));
        assertThat(FleetAnswers.registered(body("thingName", "t"), settings).deviceConfiguration()).isNull();
    }

    @Test
    void aMissingTemplateIsAPermanentConfigurationError() {
        TransportException e = FleetAnswers.rejected(Operation.REGISTER_THING, rejection(404, "ResourceNotFound",
                "The provisioning template factory does not exist."), settings);
        assertThat(e.reason()).isEqualTo(ConnectionReason.INVALID_CONFIGURATION);
        assertThat(e.isPermanent()).isTrue();
        assertThat(e.status()).isEqualTo(404);
        assertThat(e.getMessage()).isEqualTo(settings + ": RegisterThing found no template 'factory' (404 "
                + "'ResourceNotFound': 'The provisioning template factory does not exist.'): check "
                + "aws.provisioning.template (the template must exist in the account and region of the endpoint, and "
                + "be enabled)");
    }

    @Test
    void aTemplateThatRefusesTheDeviceIsAPermanentCredentialError() {
        TransportException e = FleetAnswers.rejected(Operation.REGISTER_THING, rejection(403, "AccessDenied",
                "The pre-provisioning hook of template factory did not allow provisioning."), settings);
        assertThat(e.reason()).isEqualTo(ConnectionReason.BAD_CREDENTIAL);
        assertThat(e.isPermanent()).isTrue();
        assertThat(e.getMessage()).contains("the template 'factory' refused to provision this device")
                .contains("pre-provisioning hook");
    }

    @Test
    void badParametersArePermanentAndNameTheOption() {
        TransportException e = FleetAnswers.rejected(Operation.REGISTER_THING, rejection(400, "InvalidParameters",
                "Missing value for parameter SerialNumber"), settings);
        assertThat(e.reason()).isEqualTo(ConnectionReason.INVALID_CONFIGURATION);
        assertThat(e.isPermanent()).isTrue();
        assertThat(e.getMessage()).contains("check aws.provisioning.parameters");
    }

    @Test
    void aRefusedCsrIsPermanentAndSuggestsKeysFromAws() {
        TransportException e = FleetAnswers.rejected(Operation.CREATE_CERTIFICATE_FROM_CSR,
                rejection(400, "InvalidCSR", "bad"), settings);
        assertThat(e.isPermanent()).isTrue();
        assertThat(e.getMessage()).contains("CreateCertificateFromCsr refused the request").contains(
                "aws.provisioning.keys=aws");
    }

    @Test
    void anExpiredTokenThrottlingAndServiceFailuresAreTriedAgain() {
        TransportException token = FleetAnswers.rejected(Operation.REGISTER_THING, rejection(400,
                "InvalidCertificateOwnershipToken", "expired"), settings);
        assertThat(token.isPermanent()).isFalse();
        assertThat(token.reason()).isEqualTo(ConnectionReason.COMMUNICATION_ERROR);
        TransportException throttled = FleetAnswers.rejected(Operation.CREATE_KEYS_AND_CERTIFICATE,
                rejection(429, "ThrottlingException", "Rate exceeded"), settings);
        assertThat(throttled.isPermanent()).isFalse();
        assertThat(throttled.reason()).isEqualTo(ConnectionReason.QUOTA_EXCEEDED);
        assertThat(throttled.status()).isEqualTo(429);
        TransportException internal = FleetAnswers.rejected(Operation.REGISTER_THING, rejection(500,
                "InternalFailure", "oops"), settings);
        assertThat(internal.isPermanent()).isFalse();
        assertThat(internal.reason()).isEqualTo(ConnectionReason.COMMUNICATION_ERROR);
        assertThat(internal.status()).isEqualTo(500);
        assertThat(FleetAnswers.rejected(Operation.REGISTER_THING, "<html>".getBytes(StandardCharsets.UTF_8),
                settings).isPermanent()).isFalse();
        assertThat(FleetAnswers.noAnswer(Operation.REGISTER_THING, settings).getMessage())
                .endsWith("RegisterThing got no answer within 30 s (the operation timeout)");
    }

    @Test
    void theServicesWordsAreQuotedPrintable() {
        TransportException e = FleetAnswers.rejected(Operation.REGISTER_THING, rejection(400, "Bad\nCode",
                "line one\nFAKE LOG LINE"), settings);
        assertThat(e.getMessage()).contains("'Bad?Code'").contains("'line one?FAKE LOG LINE'").doesNotContain("\n");
    }

    private static byte[] body(String... members) {
        JsonObject json = new JsonObject();
        for (int i = 0; i < members.length; i += 2) {
            json.addProperty(members[i], members[i + 1]);
        }
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] rejection(int status, String code, String message) {
        JsonObject json = new JsonObject();
        json.addProperty("statusCode", status);
        json.addProperty("errorCode", code);
        json.addProperty("errorMessage", message);
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }
}
