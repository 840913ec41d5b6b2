package io.dmkit.transport.thingspro.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class IdentifiersTest {

    @ParameterizedTest
    @ValueSource(strings = {"gateway-01", "a", "设备1", "with space", "dots.and:colons", "$dollar", "%41"})
    void acceptsDeviceIdsWithoutForbiddenCharacters(String id) {
        assertThat(Identifiers.deviceIdProblem(id)).isEmpty();
        assertThat(Identifiers.isValidCommandName(id)).isTrue();
    }

    @Test
    void countsTheLengthLimitInCodePointsNotUtf16Units() {
        String emoji128 = "\uD83D\uDE00".repeat(128); // 256 chars, 128 code points
        assertThat(Identifiers.isValidDeviceId("x".repeat(128))).isTrue();
        assertThat(Identifiers.isValidDeviceId(emoji128)).isTrue();
        assertThat(Identifiers.deviceIdProblem("x".repeat(129))).hasValueSatisfying(
                p -> assertThat(p).contains("longer than 128"));
        assertThat(Identifiers.isValidDeviceId(emoji128 + "x")).isFalse();
    }

    static Stream<Arguments> invalidIdentifiers() {
        return Stream.of(
                Arguments.of(null, "missing"),
                Arguments.of("", "empty"),
                Arguments.of("a/b", "'/'"),
                Arguments.of("a+b", "'+'"),
                Arguments.of("a#", "'#'"),
                Arguments.of("a\u0000b", "U+0000"),
                Arguments.of("tab\there", "U+0009"),
                Arguments.of("del\u007F", "U+007F"),
                Arguments.of("c1\u0085", "U+0085"),
                Arguments.of("lone\uD800", "unpaired surrogate"),
                Arguments.of("\uDC00lone", "unpaired surrogate"));
    }

    @ParameterizedTest
    @MethodSource("invalidIdentifiers")
    void rejectsDeviceIdsAndCommandNamesWithAReason(String id, String reasonFragment) {
        assertThat(Identifiers.deviceIdProblem(id)).hasValueSatisfying(p -> assertThat(p).contains(reasonFragment));
        assertThat(Identifiers.commandNameProblem(id)).hasValueSatisfying(p -> assertThat(p).contains("command name"));
    }

    @Test
    void reasonsNeverEchoTheHostileValue() {
        String hostile = "evil\nFAKE LOG LINE";
        assertThat(Identifiers.deviceIdProblem(hostile)).hasValueSatisfying(p -> assertThat(p).doesNotContain("FAKE"));
    }

    @Test
    void requireThrowsWithAnEscapedQuoteOfTheValue() {
        assertThatThrownBy(() -> Identifiers.requireDeviceId("bad\nid"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'bad?id'");
        assertThat(Identifiers.requireDeviceId("good")).isEqualTo("good");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "r-1", "A_b-9", "0123456789012345678901234567890123456789012345678901234567890123"})
    void acceptsRidsOfUpTo64SafeCharacters(String rid) {
        assertThat(Identifiers.ridProblem(rid)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a.b", "a b", "ä", "a/b", "a+", "01234567890123456789012345678901234567890123456789012345678901234"})
    void rejectsRidsOutsideTheAlphabetOrLength(String rid) {
        assertThat(Identifiers.isValidRid(rid)).isFalse();
        assertThatThrownBy(() -> Identifiers.requireRid(rid)).isInstanceOf(IllegalArgumentException.class);
    }
}
