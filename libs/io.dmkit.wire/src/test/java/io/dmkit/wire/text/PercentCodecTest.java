package io.dmkit.wire.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PercentCodecTest {

    private static final PercentCodec CODEC = new PercentCodec("-._");

    private static String encode(String text) {
        StringBuilder b = new StringBuilder();
        CODEC.encode(text, "the text", b);
        return b.toString();
    }

    @Test
    void keepsLettersDigitsAndTheNamedPunctuationAndEncodesEveryOtherUtf8Byte() {
        assertThat(encode("Az09-._")).isEqualTo("Az09-._");
        assertThat(encode("a b+c/d#e*$%&=")).isEqualTo("a%20b%2Bc%2Fd%23e%2A%24%25%26%3D");
        assertThat(encode("°C 中 \uD83D\uDE00")).isEqualTo("%C2%B0C%20%E4%B8%AD%20%F0%9F%98%80");
        StringBuilder withStar = new StringBuilder();
        new PercentCodec("*").encode("*.", "the text", withStar);
        assertThat(withStar).hasToString("*%2E");
    }

    @Test
    void refusesToEncodeAnUnpairedSurrogateInsteadOfWritingAQuestionMark() {
        assertThatThrownBy(() -> encode("ok\uDC00")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the text has no UTF-8 form: an unpaired surrogate at index 2");
    }

    @Test
    void decodesByTheFormRules() {
        assertThat(PercentCodec.decode("a+b%20c%2fd%2F", "x")).isEqualTo("a b c/d/");
        assertThat(PercentCodec.decode("städte=köln \uD83D\uDE00", "x")).isEqualTo("städte=köln \uD83D\uDE00");
        assertThat(PercentCodec.decode("%C2%B0C", "x")).isEqualTo("°C");
        assertThat(PercentCodec.decode("", "x")).isEmpty();
    }

    @Test
    void decodesWhatItEncodes() {
        String text = "k=v&x+y %41 \u0000\n°C 中 \uD83D\uDE00";
        assertThat(PercentCodec.decode(encode(text), "x")).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"%", "%4", "%G1", "%zz", "a%\u0663\u0663", "50%"})
    void refusesAMalformedEscape(String encoded) {
        assertThatThrownBy(() -> PercentCodec.decode(encoded, "the bag")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the bag has a malformed percent escape at index ")
                .hasMessageEndingWith("('%' must be followed by two hex digits)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"%FF", "%C3", "%C0%AF", "%ED%A0%80", "%E4%B8"})
    void refusesBytesThatAreNotUtf8(String encoded) {
        assertThatThrownBy(() -> PercentCodec.decode(encoded, "the bag")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the bag is not UTF-8 once percent-decoded");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\uD800", "a\uDC00b", "a\uD800\uD800\uDC00"})
    void refusesARawUnpairedSurrogateInsteadOfTurningItIntoAQuestionMark(String encoded) {
        assertThatThrownBy(() -> PercentCodec.decode(encoded, "the bag")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the bag has an unpaired surrogate at index 1");
    }

    @Test
    void encodesABagInIterationOrderWithKeysAndValuesEncoded() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("z", "a b");
        properties.put("é", "");
        assertThat(new PercentCodec("-").encodeBag(properties)).isEqualTo("z=a%20b&%C3%A9=");
        assertThat(new PercentCodec("-").encodeBag(Map.of())).isEmpty();
    }

    @Test
    void refusesABagWithAnEmptyKeyOrAValueWithoutUtf8NamingTheProperty() {
        PercentCodec codec = new PercentCodec("-");
        assertThatThrownBy(() -> codec.encodeBag(Map.of("", "v"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a property key must not be empty");
        assertThatThrownBy(() -> codec.encodeBag(Map.of("unit", "\uD800"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the value of property 'unit' has no UTF-8 form");
    }
}
