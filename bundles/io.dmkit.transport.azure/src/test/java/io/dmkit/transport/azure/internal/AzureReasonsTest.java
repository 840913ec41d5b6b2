package io.dmkit.transport.azure.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmkit.api.ConnectionReason;
import io.dmkit.api.SessionConfig;
import io.dmkit.api.spi.TransportException;
import io.dmkit.transport.azure.protocol.SasToken;
import io.dmkit.transport.mqtt.MqttReasons;
import java.io.EOFException;
import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletionException;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.Test;

class AzureReasonsTest {

    private static final String KEY = "c2VjcmV0LWtleS1vZi1kZXZpY2UtMQ==";
    private static final AzureSettings KEYED = AzureSettings.from(SessionConfig.builder("s").cloudType("azure")
            .host("myhub.azure-devices.net").deviceId("dev-1").key(KEY).build());

    /** What MqttConnection completes a failed connect with. */
    private static Throwable pahoFailure(Throwable paho) {
        MqttReasons.Diagnosis d = MqttReasons.diagnose(paho, false);
        return new CompletionException(TransportException.connectFailed(d.reason(), d.detail(), paho));
    }

    @Test
    void connack5IsABadCredentialNamingDeviceIdAndKeyButNotTheKey() {
        TransportException e = AzureReasons.connectFailed(
                pahoFailure(new MqttException(MqttException.REASON_CODE_NOT_AUTHORIZED)), KEYED);
        assertThat(e.reason()).isEqualTo(ConnectionReason.BAD_CREDENTIAL);
        assertThat(e.getMessage()).contains("CONNACK 5").contains("dev-1").contains("myhub.azure-devices.net")
                .contains("registered").contains("key").doesNotContain(KEY);
    }

    @Test
    void connack5ForAGivenTokenPointsAtTheToken() {
        String token = SasToken.create("h/devices/d", KEY, Instant.now().plusSeconds(60));
        AzureSettings given = AzureSettings.from(SessionConfig.builder("s").cloudType("azure").host("h").deviceId("d")
                .key(token).build());
        TransportException e = AzureReasons.connectFailed(
                pahoFailure(new MqttException(MqttException.REASON_CODE_NOT_AUTHORIZED)), given);
        assertThat(e.getMessage()).contains("SAS token given in key").doesNotContain(token)
                .doesNotContain(token.substring(token.indexOf("sig=")));
    }

    @Test
    void connack4PointsAtHostAndDeviceId() {
        TransportException e = AzureReasons.connectFailed(
                pahoFailure(new MqttException(MqttException.REASON_CODE_FAILED_AUTHENTICATION)), KEYED);
        assertThat(e.reason()).isEqualTo(ConnectionReason.BAD_CREDENTIAL);
        assertThat(e.getMessage()).contains("CONNACK 4").contains("host").contains("device.id");
    }

    @Test
    void connack2And3() {
        assertThat(AzureReasons.connectFailed(pahoFailure(new MqttException(MqttException.REASON_CODE_INVALID_CLIENT_ID)),
                KEYED).reason()).isEqualTo(ConnectionReason.BAD_CREDENTIAL);
        TransportException unavailable = AzureReasons.connectFailed(
                pahoFailure(new MqttException(MqttException.REASON_CODE_BROKER_UNAVAILABLE)), KEYED);
        assertThat(unavailable.reason()).isEqualTo(ConnectionReason.COMMUNICATION_ERROR);
        assertThat(unavailable.getMessage()).contains("unavailable");
    }

    @Test
    void anUnreachableHubIsNoNetworkAsTheGenericReadingSays() {
        TransportException e = AzureReasons.connectFailed(pahoFailure(new MqttException(
                MqttException.REASON_CODE_SERVER_CONNECT_ERROR, new ConnectException("Connection refused"))), KEYED);
        assertThat(e.reason()).isEqualTo(ConnectionReason.NO_NETWORK);
    }

    @Test
    void aLostConnectionAtItsTokensExpiryIsAnExpiredCredential() {
        Instant expiry = Instant.parse("2030-01-01T00:00:00Z");
        IssuedToken token = new IssuedToken("SharedAccessSignature sr=x&sig=y&se=1", expiry.minusSeconds(3600), expiry);
        MqttReasons.Diagnosis closed = MqttReasons.diagnose(new MqttException(MqttException.REASON_CODE_CONNECTION_LOST,
                new EOFException()), true);
        MqttReasons.Diagnosis atExpiry = AzureReasons.lost(closed, token, true, expiry.plusMillis(10),
                Duration.ofHours(1), "dev-1");
        assertThat(atExpiry.reason()).isEqualTo(ConnectionReason.EXPIRED_CREDENTIAL);
        assertThat(atExpiry.detail()).contains("expired").doesNotContain("sig=y");
        MqttReasons.Diagnosis fixed = AzureReasons.lost(closed, token, false, expiry.plusSeconds(1), Duration.ofHours(1),
                "dev-1");
        assertThat(fixed.detail()).contains("cannot be renewed");
    }

    @Test
    void aConnectionTheHubClosesEarlierIsACommunicationErrorThatMentionsASecondConnection() {
        Instant expiry = Instant.parse("2030-01-01T00:00:00Z");
        IssuedToken token = new IssuedToken("t", expiry.minusSeconds(3600), expiry);
        MqttReasons.Diagnosis closed = MqttReasons.diagnose(new MqttException(MqttException.REASON_CODE_CONNECTION_LOST,
                new EOFException()), true);
        MqttReasons.Diagnosis d = AzureReasons.lost(closed, token, true, expiry.minusSeconds(600), Duration.ofHours(1),
                "dev-1");
        assertThat(d.reason()).isEqualTo(ConnectionReason.COMMUNICATION_ERROR);
        assertThat(d.detail()).contains("another one of device 'dev-1'");
    }

    @Test
    void keepAliveLossStaysNoPingResponse() {
        MqttReasons.Diagnosis silent = MqttReasons.diagnose(new MqttException(MqttException.REASON_CODE_CLIENT_TIMEOUT),
                true);
        assertThat(AzureReasons.lost(silent, null, false, Instant.now(), Duration.ofHours(1), "d").reason())
                .isEqualTo(ConnectionReason.NO_PING_RESPONSE);
    }

    @Test
    void toleranceIsAtMostThirtySecondsAndShorterForShortLifetimes() {
        assertThat(AzureReasons.expiryTolerance(Duration.ofHours(1))).isEqualTo(Duration.ofSeconds(30));
        assertThat(AzureReasons.expiryTolerance(Duration.ofSeconds(60))).isEqualTo(Duration.ofSeconds(3));
    }
}
