package io.dmkit.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DmMessageTest {

    @Test
    void propertyKeysAreUniqueAndKeepTheirOrder() {
        DmMessage m = DmMessage.builder("{}").property("b", "1").property("a", "2").build();
        assertThat(m.properties().keySet()).containsExactly("b", "a");
        assertThatThrownBy(() -> DmMessage.builder("x").property("k", "1").property("k", "2"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unique");
    }

    @Test
    void payloadIsCopiedInAndOut() {
        byte[] bytes = {1, 2, 3};
        DmMessage m = DmMessage.builder(bytes).build();
        bytes[0] = 9;
        m.payload()[1] = 9;
        assertThat(m.payload()).containsExactly(1, 2, 3);
    }

    @Test
    void errorResponsesAreShortEscapedJson() {
        assertThat(CommandResponse.error(404, "unknown command: \"x\"\n").payloadAsString())
                .isEqualTo("{\"error\":\"unknown command: \\\"x\\\"\\n\"}");
    }

    @Test
    void reasonsKeepTheirSeedNumbers() {
        assertThat(ConnectionReason.EXPIRED_CREDENTIAL.code()).isZero();
        assertThat(ConnectionReason.OK.code()).isEqualTo(6);
        assertThat(ConnectionReason.CLIENT_CLOSE.code()).isEqualTo(9);
        assertThat(ConnectionReason.ofCode(7)).isEqualTo(ConnectionReason.NO_PING_RESPONSE);
        assertThat(ConnectionStatus.CONNECTED.seedResult()).isZero();
        assertThat(ConnectionStatus.DISCONNECTED_RETRYING.seedResult()).isEqualTo(1);
    }
}
