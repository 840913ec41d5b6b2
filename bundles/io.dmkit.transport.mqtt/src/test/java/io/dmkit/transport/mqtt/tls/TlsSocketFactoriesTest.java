package io.dmkit.transport.mqtt.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertPathBuilderException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocketFactory;

import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.dmkit.pki.ClientCredentials;
import io.dmkit.pki.KeyKind;
import io.dmkit.pki.LocalPki;
import io.dmkit.testing.Mosquitto;

/** Server-authenticated and mutual TLS through {@link TlsSocketFactories}, against a real mosquitto. */
class TlsSocketFactoriesTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    static Path dir;

    static LocalPki pki;
    static LocalPki other;
    static Mosquitto broker;

    @BeforeAll
    static void startBroker() {
        pki = LocalPki.create(dir.resolve("pki"));
        other = LocalPki.other(dir.resolve("other"));
        broker = Mosquitto.builder(dir.resolve("broker")).tlsListener(pki).mutualTlsListener(pki).start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    private static MqttConnectOptions options(SSLSocketFactory factory) {
        MqttConnectOptions options = TestClient.options();
        options.setSocketFactory(factory);
        options.setHttpsHostnameVerificationEnabled(true);
        return options;
    }

    private static List<X509Certificate> trust(LocalPki authority) {
        return PemReader.certificates("root.ca", authority.caCert().toString());
    }

    @Test
    void serverCertifiedByTheConfiguredCaIsTrusted() throws Exception {
        SSLSocketFactory factory = TlsSocketFactories.create(trust(pki), false, null);
        try (TestClient client = TestClient.connect(broker.tlsUri(), options(factory))) {
            client.subscribe("tls/echo");
            client.publish("tls/echo", "over TLS");
            assertThat(client.nextMessage(TIMEOUT)).isEqualTo("tls/echo=over TLS");
        }
    }

    @Test
    void hostNameLocalhostMatchesTheServerCertificateToo() throws Exception {
        SSLSocketFactory factory = TlsSocketFactories.create(trust(pki), false, null);
        try (TestClient client = TestClient.connect("ssl://localhost:" + broker.tlsPort(), options(factory))) {
            assertThat(client.isConnected()).isTrue();
        }
    }

    @Test
    void configuredCaPlusJdkRootsStillTrustsTheConfiguredCa() throws Exception {
        SSLSocketFactory factory = TlsSocketFactories.create(trust(pki), true, null);
        try (TestClient client = TestClient.connect(broker.tlsUri(), options(factory))) {
            assertThat(client.isConnected()).isTrue();
        }
    }

    /*
     * What Paho 1.2.5 surfaces for an untrusted server certificate: MqttException reason code 0
     * (REASON_CODE_CLIENT_EXCEPTION) <- javax.net.ssl.SSLHandshakeException "PKIX path building
     * failed: ... unable to find valid certification path to requested target"
     * <- sun.security.validator.ValidatorException <- sun.security.provider.certpath.SunCertPathBuilderException
     * (a java.security.cert.CertPathBuilderException).
     */
    @Test
    void serverCertifiedByAnotherCaIsNotTrusted() {
        SSLSocketFactory factory = TlsSocketFactories.create(trust(other), false, null);

        MqttException e = catchThrowableOfType(MqttException.class,
                () -> TestClient.connect(broker.tlsUri(), options(factory)));

        assertThat(e.getReasonCode()).as(Causes.describe(e)).isEqualTo(MqttException.REASON_CODE_CLIENT_EXCEPTION);
        assertThat(e.getCause()).isInstanceOf(SSLHandshakeException.class).hasMessageContaining("PKIX path building failed");
        assertThat(Causes.find(e, CertPathBuilderException.class)).isNotNull();
    }

    @Test
    void jdkRootsAloneDoNotTrustTheTestCa() {
        SSLSocketFactory factory = TlsSocketFactories.create(List.of(), true, null);

        MqttException e = catchThrowableOfType(MqttException.class,
                () -> TestClient.connect(broker.tlsUri(), options(factory)));

        assertThat(Causes.find(e, CertPathBuilderException.class)).as(Causes.describe(e)).isNotNull();
    }

    @Test
    void nothingToTrustIsRefusedUpFront() {
        assertThatThrownBy(() -> TlsSocketFactories.create(List.of(), false, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no trust anchors");
    }

    @ParameterizedTest
    @EnumSource(KeyKind.class)
    void mutualTlsWithAClientCertificateOfEachKeyKindConnects(KeyKind kind) throws Exception {
        ClientCredentials device = pki.client("device-" + kind, kind);
        ClientIdentity identity = ClientIdentity.read("cert", device.cert().toString(), "key", device.key().toString());
        SSLSocketFactory factory = TlsSocketFactories.create(trust(pki), false, identity);

        try (TestClient client = TestClient.connect(broker.mutualTlsUri(), options(factory))) {
            client.subscribe("mtls/echo");
            client.publish("mtls/echo", kind.name());
            assertThat(client.nextMessage(TIMEOUT)).isEqualTo("mtls/echo=" + kind.name());
        }
        // use_identity_as_username: the broker took the certificate's CN as the user name
        assertThat(Files.readString(broker.log())).contains("u'device-" + kind + "'");
    }

    @Test
    void mutualTlsAcceptsInlinePemText() throws Exception {
        ClientCredentials device = pki.client("inline-device", KeyKind.EC_SEC1);
        ClientIdentity identity = ClientIdentity.read("cert", device.certPem(), "key", device.keyPem());
        SSLSocketFactory factory = TlsSocketFactories.create(
                PemReader.certificates("root.ca", pki.caCertPem()), false, identity);

        try (TestClient client = TestClient.connect(broker.mutualTlsUri(), options(factory))) {
            assertThat(client.isConnected()).isTrue();
        }
    }

    /*
     * What Paho 1.2.5 surfaces when the server refuses the client certificate: with TLS 1.3 the
     * client's handshake completes before the server has checked the certificate, so the refusal
     * arrives as the first thing Paho reads after sending CONNECT: MqttException reason code 32109
     * (REASON_CODE_CONNECTION_LOST, "Connection lost") <- javax.net.ssl.SSLHandshakeException
     * "Received fatal alert: <alert>". The server closes the socket right after its alert, and a
     * CONNECT that reaches a closed socket is answered with a TCP reset. On a loaded machine that
     * reset can overtake Paho: its sender thread then fails writing ("Broken pipe", "Connection
     * reset") before its receiver thread has read the alert, and the first failure is the one Paho
     * reports. So each refusal is tried up to three times: every attempt must be refused, a
     * reset is the only other cause accepted, and the alert has to surface in one of them.
     */
    private static MqttException refusedWithAlert(SSLSocketFactory factory, String alert) {
        List<String> resets = new ArrayList<>();
        for (int attempt = 1; attempt <= 3; attempt++) {
            MqttException e = catchThrowableOfType(MqttException.class,
                    () -> TestClient.connect(broker.mutualTlsUri(), options(factory)).close());
            assertThat(e).as("attempt %d was not refused", attempt).isNotNull();
            String causes = Causes.describe(e);
            if (causes.contains(alert)) {
                return e;
            }
            assertThat(Causes.find(e, SocketException.class)).as(causes).isNotNull();
            resets.add(causes);
            System.out.println("[tls] attempt " + attempt + " saw the reset before the alert: " + causes);
        }
        throw new AssertionError("the alert " + alert + " never surfaced; every attempt saw a reset: " + resets);
    }

    @Test
    void clientCertificateFromAnotherCaIsRefused() {
        ClientCredentials stranger = other.client("stranger", KeyKind.EC_PKCS8);
        SSLSocketFactory factory = TlsSocketFactories.create(trust(pki), false,
                ClientIdentity.of(List.of(stranger.certificate()), stranger.privateKey()));

        MqttException e = refusedWithAlert(factory, "unknown_ca");

        assertThat(e.getReasonCode()).as(Causes.describe(e)).isEqualTo(MqttException.REASON_CODE_CONNECTION_LOST);
        assertThat(e.getCause()).isInstanceOf(SSLHandshakeException.class)
                .hasMessage("Received fatal alert: unknown_ca");
    }

    @Test
    void expiredClientCertificateIsRefused() {
        ClientCredentials late = pki.expiredClient("late-device", KeyKind.RSA_PKCS8);
        SSLSocketFactory factory = TlsSocketFactories.create(trust(pki), false,
                ClientIdentity.of(List.of(late.certificate()), late.privateKey()));

        MqttException e = refusedWithAlert(factory, "certificate_expired");

        assertThat(e.getCause()).isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void mutualTlsListenerRefusesAClientWithoutCertificate() {
        SSLSocketFactory factory = TlsSocketFactories.create(trust(pki), false, null);

        MqttException e = refusedWithAlert(factory, "certificate_required");

        assertThat(e.getCause()).isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void everySocketIsLimitedToTls13And12() throws Exception {
        SSLSocketFactory factory = TlsSocketFactories.create(trust(pki), false, null);
        try (javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) factory.createSocket()) {
            assertThat(socket.getEnabledProtocols()).containsExactlyInAnyOrder("TLSv1.3", "TLSv1.2");
        }
    }
}
