package io.dmkit.transport.mqtt.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Socket;
import java.net.SocketException;

import org.junit.jupiter.api.Test;

import io.dmkit.api.InvalidConfigurationException;

class PskSocketFactoryConfigurationTest {

    private static final String KEY = "00112233445566778899AABBCCDDEEFF";

    @Test
    void hexKeyInEitherCaseWithSurroundingWhiteSpaceIsAccepted() {
        assertThat(PskKey.decode(" 00ff7A\n")).containsExactly(0x00, 0xff, 0x7a);
    }

    @Test
    void emptyKeyIsRefused() {
        assertThatThrownBy(() -> new PskSocketFactory("device-1", ""))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith("key: is empty; the key must be hexadecimal for TLS-PSK")
                .extracting(e -> ((InvalidConfigurationException) e).attribute()).isEqualTo("key");
    }

    @Test
    void oddNumberOfDigitsIsRefusedWithoutShowingThem() {
        assertThatThrownBy(() -> new PskSocketFactory("device-1", "abcde"))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("key: has an odd number of digits (5); the key must be hexadecimal for TLS-PSK:"
                        + " an even number of the digits 0-9, a-f (for example 16 bytes as 32 digits)");
    }

    @Test
    void nonHexCharacterIsRefusedByPositionOnly() {
        assertThatThrownBy(() -> new PskSocketFactory("device-1", "s3cr3tpassw0rd!!"))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith("key: contains a character that is not a hexadecimal digit at position 1;")
                .message().doesNotContain("s3cr3t");
    }

    @Test
    void nonAsciiDigitsAreNotHex() {
        assertThatThrownBy(() -> PskKey.decode("\u0663\u0663")) // Arabic-Indic digit three
                .isInstanceOf(InvalidConfigurationException.class);
    }

    @Test
    void emptyIdentityIsBlamedOnTheDeviceId() {
        assertThatThrownBy(() -> new PskSocketFactory("", KEY))
                .isInstanceOf(InvalidConfigurationException.class)
                .extracting(e -> ((InvalidConfigurationException) e).attribute()).isEqualTo("device.id");
    }

    @Test
    void toStringOfFactoryAndSocketShowTheIdentityNotTheKey() throws Exception {
        PskSocketFactory factory = new PskSocketFactory("device-1", KEY);
        try (Socket socket = factory.createSocket()) {
            assertThat(factory.toString()).isEqualTo("PskSocketFactory[identity=device-1]");
            assertThat(socket.toString()).contains("device-1")
                    .doesNotContainIgnoringCase(KEY).doesNotContainIgnoringCase("00112233");
        }
    }

    @Test
    void streamsOfAnUnconnectedSocketAreRefused() throws Exception {
        try (Socket socket = new PskSocketFactory("device-1", KEY).createSocket()) {
            assertThatThrownBy(socket::getInputStream).isInstanceOf(SocketException.class)
                    .hasMessage("TLS-PSK socket is not connected");
        }
    }
}
