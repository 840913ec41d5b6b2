package io.dmkit.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.microsoft.azure.sdk.iot.device.ClientOptions;
import com.microsoft.azure.sdk.iot.device.DeviceClient;
import com.microsoft.azure.sdk.iot.device.IotHubClientProtocol;
import com.microsoft.azure.sdk.iot.device.Message;
import com.microsoft.azure.sdk.iot.device.exceptions.IotHubClientException;
import com.microsoft.azure.sdk.iot.provisioning.device.ProvisioningDeviceClient;
import com.microsoft.azure.sdk.iot.provisioning.device.ProvisioningDeviceClientRegistrationResult;
import com.microsoft.azure.sdk.iot.provisioning.device.ProvisioningDeviceClientStatus;
import com.microsoft.azure.sdk.iot.provisioning.device.ProvisioningDeviceClientSubstatus;
import com.microsoft.azure.sdk.iot.provisioning.device.ProvisioningDeviceClientTransportProtocol;
import com.microsoft.azure.sdk.iot.provisioning.security.SecurityProviderSymmetricKey;
import io.dmkit.emulator.internal.dps.AttestationType;
import io.dmkit.emulator.internal.dps.Enrollment;
import io.dmkit.emulator.internal.dps.EnrollmentGroup;
import io.dmkit.emulator.internal.dps.EnrollmentSpec;
import io.dmkit.emulator.internal.dps.Provisioning;
import io.dmkit.testing.Await;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fidelity of the emulator's Device Provisioning Service to a client we did not write: Microsoft's
 * {@code provisioning-device-client} 2.1.3 (with {@code security-provider} 2.0.1) over MQTT registers
 * with a symmetric key, individual and group (its own {@code ComputeDerivedSymmetricKey}), and the
 * device then connects with {@code iot-device-client} 2.5.0 to the hub DPS assigned, with the same key,
 * and sends a message. Both SDKs connect to port 8883 only: the emulator listens there, under
 * {@link SdkPortLock}.
 */
class DpsDeviceSdkTest {

    private static final int SDK_MQTT_PORT = 8883;
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    static Path dir;
    static Emulator emulator;
    static Provisioning dps;
    static SdkPortLock port;

    @BeforeAll
    static void start() throws IOException {
        port = SdkPortLock.acquire();
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), SDK_MQTT_PORT));
        } catch (IOException e) {
            fail("port " + SDK_MQTT_PORT + " is taken (" + e.getMessage() + "): Microsoft's provisioning SDK only"
                    + " connects to 8883 over MQTT, so this test needs it free", e);
        }
        emulator = Emulator.start(EmulatorOptions.forTests(dir.resolve("state")).mqttTlsPort(SDK_MQTT_PORT).build());
        dps = emulator.provisioning();
    }

    @AfterAll
    static void stop() throws IOException {
        if (emulator != null) {
            emulator.close();
        }
        port.close();
    }

    @Test
    void individualSymmetricKeyEnrollmentThroughTheSdksThenTelemetryToTheAssignedHub() throws Exception {
        Enrollment enrollment = dps.putEnrollment("sdk-dps-individual", new EnrollmentSpec(
                AttestationType.SYMMETRIC_KEY, "sdk-dps-individual-device", true, null, null, "{\"tier\":\"gold\"}"));
        ProvisioningDeviceClientRegistrationResult result = register(enrollment.registrationId(),
                enrollment.primaryKey());
        assertThat(result.getDeviceId()).isEqualTo("sdk-dps-individual-device");
        assertThat(result.getProvisioningPayload()).contains("gold");
        sendMessage(result, enrollment.primaryKey());
    }

    @Test
    void groupSymmetricKeyEnrollmentWithTheSdksDerivedKey() throws Exception {
        EnrollmentGroup group = dps.putGroup("sdk-dps-group", new EnrollmentSpec(AttestationType.SYMMETRIC_KEY, null,
                true, null, null, null));
        String registrationId = "sdk-dps-group-device-1";
        // base64 text in, base64 text out
        String deviceKey = new String(SecurityProviderSymmetricKey.ComputeDerivedSymmetricKey(
                group.primaryKey().getBytes(StandardCharsets.UTF_8), registrationId), StandardCharsets.UTF_8);
        ProvisioningDeviceClientRegistrationResult result = register(registrationId, deviceKey);
        assertThat(result.getDeviceId()).isEqualTo(registrationId);
        assertThat(emulator.device(registrationId).orElseThrow().key()).isEqualTo(deviceKey);
        sendMessage(result, deviceKey);
    }

    /** Registers through the SDK at the endpoint {@code GET /api/provisioning} names; the SDK's result. */
    private static ProvisioningDeviceClientRegistrationResult register(String registrationId, String key)
            throws Exception {
        SecurityProviderSymmetricKey security = new SecurityProviderSymmetricKey(
                key.getBytes(StandardCharsets.UTF_8), registrationId) {
            @Override
            public SSLContext getSSLContext() {
                return trustingTheEmulator();
            }
        };
        ProvisioningDeviceClient client = ProvisioningDeviceClient.create(emulator.endpoints().host(), dps.idScope(),
                ProvisioningDeviceClientTransportProtocol.MQTT, security);
        try {
            ProvisioningDeviceClientRegistrationResult result = client.registerDeviceSync((int) WAIT.toMillis());
            assertThat(result.getProvisioningDeviceClientStatus())
                    .isEqualTo(ProvisioningDeviceClientStatus.PROVISIONING_DEVICE_STATUS_ASSIGNED);
            assertThat(result.getRegistrationId()).isEqualTo(registrationId);
            assertThat(result.getIothubUri()).isEqualTo("127.0.0.1");
            assertThat(result.getSubstatus()).isEqualTo(ProvisioningDeviceClientSubstatus.INITIAL_ASSIGNMENT);
            assertThat(result.getStatus()).isEqualTo("assigned");
            assertThat(result.getCreatedDateTimeUtc()).isNotBlank();
            assertThat(result.getETag()).isNotBlank();
            return result;
        } finally {
            client.close();
        }
    }

    /** The device connects to the assigned hub with the key it registered with and sends a message. */
    private static void sendMessage(ProvisioningDeviceClientRegistrationResult result, String key) throws Exception {
        String connectionString = "HostName=" + result.getIothubUri() + ";DeviceId=" + result.getDeviceId()
                + ";SharedAccessKey=" + key;
        DeviceClient client = new DeviceClient(connectionString, IotHubClientProtocol.MQTT,
                ClientOptions.builder().sslContext(trustingTheEmulator()).build());
        try {
            client.open(false);
            CountDownLatch sent = new CountDownLatch(1);
            AtomicReference<IotHubClientException> failure = new AtomicReference<>();
            client.sendEventAsync(new Message("{\"provisioned\":true}".getBytes(StandardCharsets.UTF_8)),
                    (message, e, context) -> {
                        failure.set(e);
                        sent.countDown();
                    }, null);
            assertThat(sent.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).as("telemetry acknowledged").isTrue();
            assertThat(failure.get()).isNull();
        } finally {
            client.close();
        }
        TelemetryMessage received = Await.value("the message recorded by the hub", WAIT,
                () -> emulator.messages(result.getDeviceId(), 10).stream().findFirst().orElse(null));
        assertThat(new String(received.payload(), StandardCharsets.UTF_8)).isEqualTo("{\"provisioned\":true}");
    }

    private static SSLContext trustingTheEmulator() {
        try (InputStream in = Files.newInputStream(emulator.endpoints().caCertificate())) {
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            int index = 0;
            for (Certificate ca : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trusted.setCertificateEntry("ca-" + index++, ca);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException("cannot trust the emulator's CA", e);
        }
    }
}
