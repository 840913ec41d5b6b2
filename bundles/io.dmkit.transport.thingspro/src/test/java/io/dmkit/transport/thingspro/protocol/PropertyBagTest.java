package io.dmkit.transport.thingspro.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PropertyBagTest {

    private static Map<String, String> ordered(String... keysAndValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    @Test
    void noPropertiesEncodeToTheEmptyBagAndBack() {
        assertThat(PropertyBag.encode(Map.of())).isEmpty();
        assertThat(PropertyBag.decode("")).isEmpty();
    }

    @Test
    void encodesPairsInInsertionOrderNotSorted() {
        Map<String, String> props = ordered("zeta", "1", "alpha", "2", "mid", "3");
        assertThat(PropertyBag.encode(props)).isEqualTo("zeta=1&alpha=2&mid=3");
        assertThat(PropertyBag.decode("zeta=1&alpha=2&mid=3").keySet()).containsExactly("zeta", "alpha", "mid");
    }

    @Test
    void percentEncodesTopicAndFormSeparatorsAndSpaceAsPercent20() {
        String bag = PropertyBag.encode(ordered("a b", "c/d", "k=&", "+#%"));
        assertThat(bag).isEqualTo("a%20b=c%2Fd&k%3D%26=%2B%23%25");
        assertThat(bag).doesNotContain("+", "#", "/", " ");
    }

    @Test
    void leavesTheUnreservedCharactersRaw() {
        assertThat(PropertyBag.encode(ordered("Az09*-._", "x"))).isEqualTo("Az09*-._=x");
    }

    @Test
    void encodesUnicodeAsUtf8Bytes() {
        assertThat(PropertyBag.encode(ordered("é", "中"))).isEqualTo("%C3%A9=%E4%B8%AD");
    }

    @Test
    void roundTripsEverySpecialCharacterInKeysAndValues() {
        Map<String, String> props = ordered(
                "key=with=equals", "value=with=equals",
                "amp&key", "amp&value",
                "slash/key", "/slash/value/",
                "plus+key", "1+1",
                "hash#key", "#1",
                "percent%key", "100%",
                "space key", " leading and trailing ",
                "unicode-ключ-键", "значение 😀",
                "empty", "",
                "newline", "line1\nline2");
        String bag = PropertyBag.encode(props);
        assertThat(bag).doesNotContain("+", "#", "/", "\n");
        assertThat(PropertyBag.decode(bag)).containsExactlyEntriesOf(props);
    }

    @Test
    void emptyValueEncodesAsKeyEqualsAndAPairWithoutEqualsDecodesToEmpty() {
        assertThat(PropertyBag.encode(ordered("k", ""))).isEqualTo("k=");
        assertThat(PropertyBag.decode("k=")).containsExactlyEntriesOf(Map.of("k", ""));
        assertThat(PropertyBag.decode("k")).containsExactlyEntriesOf(Map.of("k", ""));
    }

    @Test
    void decodingFollowsFormRulesForPlusRawUnicodeAndLowercaseHex() {
        assertThat(PropertyBag.decode("a+b=c%2fd")).containsExactlyEntriesOf(Map.of("a b", "c/d"));
        assertThat(PropertyBag.decode("städte=köln")).containsExactlyEntriesOf(Map.of("städte", "köln"));
        assertThat(PropertyBag.decode("emoji=😀")).containsExactlyEntriesOf(Map.of("emoji", "😀"));
        assertThat(PropertyBag.decode("a=b=c")).containsExactlyEntriesOf(Map.of("a", "b=c"));
    }

    @Test
    void decodedMapIsUnmodifiable() {
        Map<String, String> decoded = PropertyBag.decode("a=1");
        assertThatThrownBy(() -> decoded.put("b", "2")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void rejectsDuplicateKeysEvenWhenSpelledDifferently() {
        assertThatThrownBy(() -> PropertyBag.decode("a=1&b=2&a=3"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("repeats the key 'a'");
        assertThatThrownBy(() -> PropertyBag.decode("a=1&%61=2")).hasMessageContaining("repeats the key");
    }

    @ParameterizedTest
    @ValueSource(strings = {"=v", "="})
    void rejectsAnEmptyKey(String bag) {
        assertThatThrownBy(() -> PropertyBag.decode(bag))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty key at position 0");
    }

    @Test
    void reportsThePositionOfTheEmptyKey() {
        assertThatThrownBy(() -> PropertyBag.decode("%20x=1&=2")).hasMessageContaining("empty key at position 1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a=1&&b=2", "a=1&", "&a=1", "&"})
    void rejectsEmptyPairs(String bag) {
        assertThatThrownBy(() -> PropertyBag.decode(bag))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty pair");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a=%", "a=%4", "a=%G1", "%zz=1", "a=%\u0663\u0663", "a=50%"})
    void rejectsMalformedPercentEscapes(String bag) {
        assertThatThrownBy(() -> PropertyBag.decode(bag))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("malformed percent escape");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a=%FF", "a=%C3", "a=%C0%AF", "%ED%A0%80=x", "a=%E4%B8"})
    void rejectsBytesThatAreNotUtf8(String bag) {
        assertThatThrownBy(() -> PropertyBag.decode(bag))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not UTF-8");
    }

    @Test
    void rejectsARawUnpairedSurrogate() {
        assertThatThrownBy(() -> PropertyBag.decode("a=\uD800")).hasMessageContaining("unpaired surrogate");
    }

    @Test
    void encodeRejectsEmptyKeysAndStringsWithoutUtf8Form() {
        assertThatThrownBy(() -> PropertyBag.encode(ordered("", "v"))).hasMessageContaining("must not be empty");
        assertThatThrownBy(() -> PropertyBag.encode(ordered("k", "\uDC00"))).hasMessageContaining("no UTF-8 form");
    }
}
