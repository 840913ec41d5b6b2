package io.dmkit.emulator;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.crt.mqtt.MqttClientConnection;
import software.amazon.awssdk.crt.mqtt.QualityOfService;
import software.amazon.awssdk.iot.AwsIotMqttConnectionBuilder;
import software.amazon.awssdk.iot.iotidentity.IotIdentityClient;
import software.amazon.awssdk.iot.iotidentity.model.CreateCertificateFromCsrRequest;
import software.amazon.awssdk.iot.iotidentity.model.CreateCertificateFromCsrResponse;
import software.amazon.awssdk.iot.iotidentity.model.CreateCertificateFromCsrSubscriptionRequest;
import software.amazon.awssdk.iot.iotidentity.model.CreateKeysAndCertificateRequest;
import software.amazon.awssdk.iot.iotidentity.model.CreateKeysAndCertificateResponse;
import software.amazon.awssdk.iot.iotidentity.model.CreateKeysAndCertificateSubscriptionRequest;
import software.amazon.awssdk.iot.iotidentity.model.ErrorResponse;
import software.amazon.awssdk.iot.iotidentity.model.RegisterThingRequest;
import software.amazon.awssdk.iot.iotidentity.model.RegisterThingResponse;
import software.amazon.awssdk.iot.iotidentity.model.RegisterThingSubscriptionRequest;

/**
 * Fidelity of the emulator's fleet provisioning to AWS's own device SDK for Java v2
 * ({@code aws-iot-device-sdk} 1.30.1 on the native aws-crt): {@code IotIdentityClient} over the SDK's
 * MQTT 3.1.1 connection with the claim certificate, as AWS's fleet provisioning samples use it:
 * subscribe to accepted and rejected, publish CreateCertificateFromCsr or CreateKeysAndCertificate, then
 * RegisterThing, then connect as the thing with the new certificate.
 */
class AwsFleetProvisioningSdkTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String TEMPLATE = "sdk-fleet";

    @TempDir
    static Path dir;
    static Emulator emulator;
    static Claim claim;

    @BeforeAll
    static void start() throws Exception {
        emulator = Emulator.start(EmulatorOptions.forTests(dir.resolve("state")).build());
        claim = emulator.fleetProvisioning().createClaim("sdk");
        emulator.fleetProvisioning().putTemplate(new ProvisioningTemplate(TEMPLATE, "sdk-", "SerialNumber", true,
                Map.of("mode", "test")));
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @Test
    void csrThenRegisterThingThenConnectAsTheThing() throws Exception {
        KeyPair keys = LocalPki.generateKeyPair(KeyKind.RSA_PKCS8);
        CreateCertificateFromCsrResponse created;
        RegisterThingResponse registered;
        MqttClientConnection connection = connect("sdk-claim-1", claim.certificateFile(), claim.privateKeyFile());
        try {
            IotIdentityClient identity = new IotIdentityClient(connection);
            CompletableFuture<CreateCertificateFromCsrResponse> accepted = new CompletableFuture<>();
            CreateCertificateFromCsrSubscriptionRequest subscription = new CreateCertificateFromCsrSubscriptionRequest();
            await(identity.SubscribeToCreateCertificateFromCsrAccepted(subscription, QualityOfService.AT_LEAST_ONCE,
                    accepted::complete));
            await(identity.SubscribeToCreateCertificateFromCsrRejected(subscription, QualityOfService.AT_LEAST_ONCE,
                    rejected -> accepted.completeExceptionally(rejection(rejected))));
            CreateCertificateFromCsrRequest request = new CreateCertificateFromCsrRequest();
            request.certificateSigningRequest = TestCsrs.csr(keys, keys);
            await(identity.PublishCreateCertificateFromCsr(request, QualityOfService.AT_LEAST_ONCE));
            created = await(accepted);
            assertThat(created.certificateId).matches("[0-9a-f]{64}");
            assertThat(created.certificatePem).startsWith("-----BEGIN CERTIFICATE-----");

            registered = registerThing(identity, created.certificateOwnershipToken, "csr-1");
        } finally {
            close(connection);
        }
        assertThat(registered.thingName).isEqualTo("sdk-csr-1");
        assertThat(registered.deviceConfiguration).containsExactly(Map.entry("mode", "test"));
        connectAsThing(registered.thingName, created.certificatePem, LocalPki.privateKeyPem(keys, KeyKind.RSA_PKCS8));
    }

    @Test
    void createKeysAndCertificateThenRegisterThingThenConnectAsTheThing() throws Exception {
        CreateKeysAndCertificateResponse created;
        RegisterThingResponse registered;
        MqttClientConnection connection = connect("sdk-claim-2", claim.certificateFile(), claim.privateKeyFile());
        try {
            IotIdentityClient identity = new IotIdentityClient(connection);
            CompletableFuture<CreateKeysAndCertificateResponse> accepted = new CompletableFuture<>();
            CreateKeysAndCertificateSubscriptionRequest subscription = new CreateKeysAndCertificateSubscriptionRequest();
            await(identity.SubscribeToCreateKeysAndCertificateAccepted(subscription, QualityOfService.AT_LEAST_ONCE,
                    accepted::complete));
            await(identity.SubscribeToCreateKeysAndCertificateRejected(subscription, QualityOfService.AT_LEAST_ONCE,
                    rejected -> accepted.completeExceptionally(rejection(rejected))));
            await(identity.PublishCreateKeysAndCertificate(new CreateKeysAndCertificateRequest(),
                    QualityOfService.AT_LEAST_ONCE));
            created = await(accepted);
            assertThat(created.privateKey).startsWith("-----BEGIN RSA PRIVATE KEY-----");

            registered = registerThing(identity, created.certificateOwnershipToken, "keys-1");
        } finally {
            close(connection);
        }
        assertThat(registered.thingName).isEqualTo("sdk-keys-1");
        connectAsThing(registered.thingName, created.certificatePem, created.privateKey);
    }

    private static RegisterThingResponse registerThing(IotIdentityClient identity, String token, String serial)
            throws Exception {
        CompletableFuture<RegisterThingResponse> accepted = new CompletableFuture<>();
        RegisterThingSubscriptionRequest subscription = new RegisterThingSubscriptionRequest();
        subscription.templateName = TEMPLATE;
        await(identity.SubscribeToRegisterThingAccepted(subscription, QualityOfService.AT_LEAST_ONCE,
                accepted::complete));
        await(identity.SubscribeToRegisterThingRejected(subscription, QualityOfService.AT_LEAST_ONCE,
                rejected -> accepted.completeExceptionally(rejection(rejected))));
        RegisterThingRequest request = new RegisterThingRequest();
        request.templateName = TEMPLATE;
        request.certificateOwnershipToken = token;
        request.parameters = new HashMap<>(Map.of("SerialNumber", serial));
        await(identity.PublishRegisterThing(request, QualityOfService.AT_LEAST_ONCE));
        return await(accepted);
    }

    /** The SDK connects as the thing, with the thing name as client id, and the emulator counts it. */
    private static void connectAsThing(String thingName, String certificatePem, String keyPem) throws Exception {
        Path certificate = Files.writeString(dir.resolve(thingName + ".crt"), certificatePem, StandardCharsets.US_ASCII);
        Path key = Files.writeString(dir.resolve(thingName + ".key"), keyPem, StandardCharsets.US_ASCII);
        MqttClientConnection thing = connect(thingName, certificate, key);
        try {
            Await.until("the emulator sees " + thingName + " connected", WAIT,
                    () -> emulator.connection(thingName).connected());
        } finally {
            close(thing);
        }
    }

    private static MqttClientConnection connect(String clientId, Path certificate, Path key) throws Exception {
        MqttClientConnection connection;
        try (AwsIotMqttConnectionBuilder builder = AwsIotMqttConnectionBuilder.newMtlsBuilderFromPath(
                certificate.toString(), key.toString())) {
            builder.withEndpoint(emulator.endpoints().host()).withPort(emulator.endpoints().mqttTlsPort())
                    .withCertificateAuthorityFromPath(null, emulator.endpoints().caCertificate().toString())
                    .withClientId(clientId).withCleanSession(true);
            connection = builder.build();
        }
        try {
            await(connection.connect());
        } catch (Exception e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    private static void close(MqttClientConnection connection) throws Exception {
        try {
            await(connection.disconnect());
        } finally {
            connection.close();
        }
    }

    private static IllegalStateException rejection(ErrorResponse rejected) {
        return new IllegalStateException("rejected: " + rejected.statusCode + " " + rejected.errorCode + " "
                + rejected.errorMessage);
    }

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }
}
