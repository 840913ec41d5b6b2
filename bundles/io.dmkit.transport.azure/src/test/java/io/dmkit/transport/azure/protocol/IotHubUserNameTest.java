package io.dmkit.transport.azure.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IotHubUserNameTest {

    @Test
    void isHubDeviceAndApiVersion() {
        assertThat(IotHubUserName.of("myhub.azure-devices.net", "dev-1"))
                .isEqualTo("myhub.azure-devices.net/dev-1/?api-version=2021-04-12");
    }

    @Test
    void parsesItsOwnFormAndThatOfDeviceSdks() {
        assertThat(IotHubUserName.parse(IotHubUserName.of("h", "d"))).hasValueSatisfying(u -> {
            assertThat(u.hubHost()).isEqualTo("h");
            assertThat(u.deviceId()).isEqualTo("d");
            assertThat(u.hasApiVersion()).isTrue();
        });
        assertThat(IotHubUserName.parse("h/d/?api-version=2020-09-30&DeviceClientType=x%2F1"))
                .hasValueSatisfying(u -> assertThat(u.query()).containsEntry("DeviceClientType", "x/1"));
        assertThat(IotHubUserName.parse("h/d/?")).hasValueSatisfying(u -> assertThat(u.hasApiVersion()).isFalse());
    }

    @Test
    void refusesOtherShapes() {
        assertThat(IotHubUserName.parse("h/d/")).isEmpty();
        assertThat(IotHubUserName.parse("d/?api-version=1")).isEmpty();
        assertThat(IotHubUserName.parse("/d/?api-version=1")).isEmpty();
        assertThat(IotHubUserName.parse("h/d/m/?api-version=1")).as("a module").isEmpty();
        assertThat(IotHubUserName.parse("h/d/?a=%zz")).isEmpty();
    }
}
