package io.dmkit.wire.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Utf8Test {

    @Test
    void decodesWellFormedUtf8() {
        String text = "°C 中 \uD83D\uDE00";
        assertThat(Utf8.decode(text.getBytes(StandardCharsets.UTF_8))).hasValue(text);
        assertThat(Utf8.decode(new byte[0])).hasValue("");
    }

    @ParameterizedTest
    @ValueSource(strings = {"C3", "FF", "C0AF", "EDA080", "E4B8", "F4908080"})
    void refusesBytesThatAreNotUtf8RatherThanReplacingThem(String hex) {
        assertThat(Utf8.decode(bytes(hex))).isEmpty();
    }

    @Test
    void findsTheFirstUnpairedSurrogate() {
        assertThat(Utf8.unpairedSurrogate("plain \uD83D\uDE00 text")).isEqualTo(-1);
        assertThat(Utf8.unpairedSurrogate("ab\uD800")).isEqualTo(2);
        assertThat(Utf8.unpairedSurrogate("\uDE00\uD83D")).isZero();
        assertThat(Utf8.unpairedSurrogate("\uD83D\uDE00\uD83Dx")).isEqualTo(2);
    }

    private static byte[] bytes(String hex) {
        byte[] b = new byte[hex.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }
}
