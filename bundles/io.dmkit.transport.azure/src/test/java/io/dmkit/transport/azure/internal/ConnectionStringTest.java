package io.dmkit.transport.azure.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dmkit.api.InvalidConfigurationException;
import org.junit.jupiter.api.Test;

class ConnectionStringTest {

    private static final String KEY = "c2VjcmV0LWtleS1vZi1kZXZpY2UtMQ==";

    @Test
    void readsTheDeviceConnectionStringAsThePortalShowsIt() {
        ConnectionString cs = ConnectionString.parse("HostName=myhub.azure-devices.net;DeviceId=dev-1;SharedAccessKey="
                + KEY);
        assertThat(cs.hostName()).isEqualTo("myhub.azure-devices.net");
        assertThat(cs.deviceId()).isEqualTo("dev-1");
        assertThat(cs.sharedAccessKey()).hasValue(KEY);
        assertThat(cs.x509()).isFalse();
        assertThat(cs.gatewayHostName()).isEmpty();
    }

    @Test
    void namesAreMatchedWithoutCaseAndSpacesAndATrailingSemicolonAreAllowed() {
        ConnectionString cs = ConnectionString.parse(" hostname = h ; DEVICEID=d ; x509=True ;");
        assertThat(cs.hostName()).isEqualTo("h");
        assertThat(cs.x509()).isTrue();
    }

    @Test
    void aGivenTokenKeepsItsEqualsSignsAndAmpersands() {
        String token = "SharedAccessSignature sr=h%2Fdevices%2Fd&sig=abc%3D&se=99";
        ConnectionString cs = ConnectionString.parse("HostName=h;DeviceId=d;SharedAccessSignature=" + token);
        assertThat(cs.sharedAccessSignature()).hasValue(token);
    }

    @Test
    void gatewayHostNameIsKept() {
        assertThat(ConnectionString.parse("HostName=h;DeviceId=d;SharedAccessKey=" + KEY + ";GatewayHostName=edge")
                .gatewayHostName()).hasValue("edge");
    }

    @Test
    void refusesPolicyAndModuleStringsUnknownPartsAndMissingParts() {
        assertRefused("HostName=h;SharedAccessKeyName=iothubowner;SharedAccessKey=" + KEY, "SharedAccessKeyName");
        assertRefused("HostName=h;DeviceId=d;ModuleId=m;SharedAccessKey=" + KEY, "ModuleId");
        assertRefused("HostName=h;DeviceId=d;Colour=blue", "unknown part 'colour'");
        assertRefused("DeviceId=d;SharedAccessKey=" + KEY, "no HostName");
        assertRefused("HostName=h;SharedAccessKey=" + KEY, "no DeviceId");
        assertRefused("HostName=h;DeviceId=d;DeviceId=e", "twice");
        assertRefused("HostName=h;DeviceId=d;x509=maybe", "true or false");
        assertRefused("HostName=h;DeviceId=d;x509=true;SharedAccessKey=" + KEY, "more than one");
        assertRefused("HostName=h;DeviceId=d;=" + KEY, "without a name");
    }

    @Test
    void neitherErrorsNorToStringShowTheKeyOrToken() {
        assertThatThrownBy(() -> ConnectionString.parse("HostName=h;SharedAccessKey=" + KEY))
                .message().doesNotContain(KEY);
        assertThatThrownBy(() -> ConnectionString.parse("HostName=h;DeviceId=d;SharedAccessKey=" + KEY + ";x509=true"))
                .message().doesNotContain(KEY);
        assertThatThrownBy(() -> ConnectionString.parse("HostName=h;DeviceId=d;" + KEY))
                .message().doesNotContain(KEY);
        assertThat(ConnectionString.parse("HostName=h;DeviceId=d;SharedAccessKey=" + KEY).toString())
                .contains("SharedAccessKey=***").doesNotContain(KEY);
    }

    private static void assertRefused(String text, String reason) {
        assertThatThrownBy(() -> ConnectionString.parse(text))
                .isInstanceOfSatisfying(InvalidConfigurationException.class,
                        e -> assertThat(e.attribute()).isEqualTo("azure.connection.string"))
                .hasMessageContaining(reason);
    }
}
