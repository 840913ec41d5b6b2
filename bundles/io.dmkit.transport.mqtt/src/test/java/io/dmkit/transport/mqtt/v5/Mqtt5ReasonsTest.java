package io.dmkit.transport.mqtt.v5;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmkit.api.ConnectionReason;
import io.dmkit.transport.mqtt.MqttReasons.Diagnosis;
import java.io.EOFException;
import java.net.ConnectException;
import javax.net.ssl.SSLHandshakeException;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Mqtt5ReasonsTest {

    @ParameterizedTest
    @CsvSource({
        "134, BAD_CREDENTIAL", "135, BAD_CREDENTIAL", "133, BAD_CREDENTIAL", "140, BAD_CREDENTIAL",
        "138, DEVICE_DISABLED", "151, QUOTA_EXCEEDED", "159, QUOTA_EXCEEDED", "132, COMMUNICATION_ERROR",
        "136, COMMUNICATION_ERROR", "137, COMMUNICATION_ERROR"})
    void refusingConnackCodesGiveTheirReason(int code, ConnectionReason reason) {
        Diagnosis d = Mqtt5Reasons.diagnose(new MqttException(code), false);
        assertThat(d.reason()).isEqualTo(reason);
        assertThat(d.detail()).contains("CONNACK " + String.format("0x%02X", code));
    }

    @ParameterizedTest
    @CsvSource({"142, COMMUNICATION_ERROR", "141, NO_PING_RESPONSE", "150, QUOTA_EXCEEDED", "135, BAD_CREDENTIAL",
        "152, COMMUNICATION_ERROR"})
    void serverDisconnectsGiveTheirReason(int code, ConnectionReason reason) {
        Diagnosis d = Mqtt5Reasons.serverDisconnect(code, "bye");
        assertThat(d.reason()).isEqualTo(reason);
        assertThat(d.detail()).contains("DISCONNECT " + String.format("0x%02X", code)).contains("bye");
    }

    @Test
    void keepAliveTimeoutIsNoPingResponseOnceConnectedAndNoNetworkWhileConnecting() {
        MqttException timeout = new MqttException(MqttClientException.REASON_CODE_CLIENT_TIMEOUT);
        assertThat(Mqtt5Reasons.diagnose(timeout, true).reason()).isEqualTo(ConnectionReason.NO_PING_RESPONSE);
        assertThat(Mqtt5Reasons.diagnose(timeout, false).reason()).isEqualTo(ConnectionReason.NO_NETWORK);
    }

    @Test
    void pahosOwnCodesAreNotTakenForConnackCodes() {
        Diagnosis lost = Mqtt5Reasons.diagnose(new MqttException(MqttClientException.REASON_CODE_CONNECTION_LOST,
                new EOFException()), true);
        assertThat(lost.reason()).isEqualTo(ConnectionReason.COMMUNICATION_ERROR);
        assertThat(lost.detail()).doesNotContain("CONNACK").contains("closed the connection");
    }

    @Test
    void failuresBelowMqttAreDiagnosedAsForMqtt311() {
        Diagnosis alert = Mqtt5Reasons.diagnose(new MqttException(MqttClientException.REASON_CODE_SERVER_CONNECT_ERROR,
                new SSLHandshakeException("Received fatal alert: certificate_unknown")), false);
        assertThat(alert.reason()).isEqualTo(ConnectionReason.BAD_CREDENTIAL);
        assertThat(alert.detail()).contains("certificate_unknown");

        Diagnosis refused = Mqtt5Reasons.diagnose(new MqttException(MqttClientException.REASON_CODE_SERVER_CONNECT_ERROR,
                new ConnectException("Connection refused")), false);
        assertThat(refused.reason()).isEqualTo(ConnectionReason.NO_NETWORK);
    }

    @ParameterizedTest
    @CsvSource({"0, 0", "16, 0", "135, 403", "144, 400", "153, 400", "149, 413", "150, 429", "151, 429", "128, 500",
        "131, 500"})
    void pubackReasonCodesBecomeHttpLikeStatuses(int code, int status) {
        assertThat(Mqtt5Reasons.publishStatus(code)).isEqualTo(status);
    }

    @Test
    void reasonCodesAreDescribedInHexWithTheirName() {
        assertThat(Mqtt5Reasons.describe(0x87)).isEqualTo("0x87 not authorized");
        assertThat(Mqtt5Reasons.describe(0x10)).isEqualTo("0x10 no matching subscribers");
        assertThat(Mqtt5Reasons.describe(0xF0)).isEqualTo("0xF0 reason code 240");
    }
}
