package io.dmkit.transport.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmkit.api.ConnectionReason;
import io.dmkit.api.spi.TransportException;
import io.dmkit.pki.ClientCredentials;
import io.dmkit.pki.KeyKind;
import io.dmkit.pki.LocalPki;
import io.dmkit.transport.mqtt.tls.ClientIdentity;
import java.io.EOFException;
import java.net.ConnectException;
import java.net.SocketException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.concurrent.CompletionException;
import javax.net.ssl.SSLHandshakeException;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectFailureHintsTest {

    @TempDir
    Path dir;
    private ClientCredentials credentials;
    private ConnectFailureHints hints;
    private String certificateId;

    @BeforeEach
    void setUp() throws Exception {
        credentials = LocalPki.openOrCreate(dir, "aws test CA").client("gw-1", KeyKind.RSA_PKCS8);
        hints = hints(credentials);
        certificateId = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(credentials.certificate().getEncoded()));
    }

    private static ConnectFailureHints hints(ClientCredentials c) {
        return new ConnectFailureHints("gw-1", "gw-1-client",
                ClientIdentity.read("cert", c.cert().toString(), "key", c.key().toString()), Clock.systemUTC());
    }

    private static TransportException failure(ConnectionReason reason, Throwable cause) {
        return TransportException.connectFailed(reason, "generic detail", cause);
    }

    private TransportException explain(TransportException e) {
        return (TransportException) hints.explain(e);
    }

    @Test
    void tlsAlertNamesTheCertificateAndWhatAwsRequiresOfIt() {
        TransportException e = explain(failure(ConnectionReason.BAD_CREDENTIAL, new MqttException(
                MqttClientException.REASON_CODE_SERVER_CONNECT_ERROR,
                new SSLHandshakeException("Received fatal alert: certificate_unknown"))));

        assertThat(e.reason()).isEqualTo(ConnectionReason.BAD_CREDENTIAL);
        assertThat(e.getMessage()).startsWith("generic detail").contains("CN=gw-1").contains(certificateId)
                .contains("ACTIVE").contains("registered");
    }

    @Test
    void refusingConnackPointsAtThePolicyAndTheClientId() {
        TransportException e = explain(failure(ConnectionReason.BAD_CREDENTIAL, new MqttException(0x87)));

        assertThat(e.getMessage()).contains("iot:Connect").contains("'gw-1-client'").contains(certificateId);
    }

    @Test
    void connectionClosedBeforeAnyConnackIsABadCredential() {
        for (Throwable cause : new Throwable[] {
            new MqttException(MqttClientException.REASON_CODE_CONNECTION_LOST, new EOFException()),
            new MqttException(MqttException.REASON_CODE_CLIENT_EXCEPTION, new SocketException("Broken pipe")),
            new SocketException("Connection reset")}) {
            TransportException e = explain(failure(ConnectionReason.COMMUNICATION_ERROR, cause));

            assertThat(e.reason()).as("%s", cause).isEqualTo(ConnectionReason.BAD_CREDENTIAL);
            assertThat(e.getMessage()).contains(certificateId).contains("iot:Connect");
        }
    }

    @Test
    void expiredCertificateIsAnExpiredCredentialWhateverTheServiceSaid() {
        ClientCredentials expired = LocalPki.openOrCreate(dir, "aws test CA").expiredClient("gw-1", KeyKind.EC_PKCS8);
        TransportException e = (TransportException) hints(expired).explain(failure(ConnectionReason.COMMUNICATION_ERROR,
                new MqttException(MqttClientException.REASON_CODE_CONNECTION_LOST, new EOFException())));

        assertThat(e.reason()).isEqualTo(ConnectionReason.EXPIRED_CREDENTIAL);
        assertThat(e.getMessage()).contains("expired on").contains("gw-1");
    }

    @Test
    void failuresTheCredentialsDoNotExplainAreLeftAsTheyAre() {
        TransportException unreachable = failure(ConnectionReason.NO_NETWORK, new ConnectException("refused"));
        assertThat(hints.explain(unreachable)).isSameAs(unreachable);
        TransportException refusedTcp = failure(ConnectionReason.COMMUNICATION_ERROR, new ConnectException("refused"));
        assertThat(hints.explain(refusedTcp)).isSameAs(refusedTcp);
        TransportException untrusted = failure(ConnectionReason.COMMUNICATION_ERROR,
                new SSLHandshakeException("PKIX path building failed"));
        assertThat(hints.explain(untrusted)).isSameAs(untrusted);
        IllegalStateException other = new IllegalStateException("x");
        assertThat(hints.explain(new CompletionException(other))).isSameAs(other);
    }
}
