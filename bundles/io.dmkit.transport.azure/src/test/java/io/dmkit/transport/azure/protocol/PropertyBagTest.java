package io.dmkit.transport.azure.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PropertyBagTest {

    private static Map<String, String> ordered(String... keysAndValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    @Test
    void systemPropertiesKeepTheirDollarDotFormAsIotHubDocumentsIt() {
        assertThat(PropertyBag.encode(ordered("$.ct", "application/json", "$.ce", "utf-8")))
                .isEqualTo("$.ct=application%2Fjson&$.ce=utf-8");
    }

    @Test
    void encodesInInsertionOrderWithSpacesAsPercent20AndNoMqttWildcards() {
        String bag = PropertyBag.encode(ordered("z", "1", "a b", "c+d#e/f", "k=&", "100%"));
        assertThat(bag).isEqualTo("z=1&a%20b=c%2Bd%23e%2Ff&k%3D%26=100%25");
        assertThat(bag).doesNotContain("+", "#", " ");
    }

    @Test
    void encodesUnicodeAsUtf8Bytes() {
        assertThat(PropertyBag.encode(ordered("unit", "°C"))).isEqualTo("unit=%C2%B0C");
    }

    @Test
    void roundTripsAwkwardKeysAndValues() {
        Map<String, String> props = ordered("a=b", "c&d", "plus+", "+", "percent%", "%41", "é中", "\u0000ctl", "empty",
                "");
        assertThat(PropertyBag.decode(PropertyBag.encode(props))).containsExactlyEntriesOf(props);
    }

    @Test
    void decodesWhatDeviceSdksSend() {
        assertThat(PropertyBag.decode("a=1+2&flag&&b=%C2%B0C&c="))
                .containsExactly(Map.entry("a", "1 2"), Map.entry("flag", ""), Map.entry("b", "°C"), Map.entry("c", ""));
        assertThat(PropertyBag.decode("")).isEmpty();
        assertThat(PropertyBag.decode("k=1&k=2")).containsExactly(Map.entry("k", "2"));
    }

    @Test
    void rejectsMalformedEscapesAndNonUtf8() {
        assertThatThrownBy(() -> PropertyBag.decode("a=%zz")).hasMessageContaining("percent escape");
        assertThatThrownBy(() -> PropertyBag.decode("a=%4")).hasMessageContaining("percent escape");
        assertThatThrownBy(() -> PropertyBag.decode("a=%FF")).hasMessageContaining("UTF-8");
    }

    @Test
    void refusesEmptyKeysAndUnpairedSurrogates() {
        assertThatThrownBy(() -> PropertyBag.encode(ordered("", "x"))).hasMessageContaining("empty");
        assertThatThrownBy(() -> PropertyBag.encode(ordered("k", "\uD800"))).hasMessageContaining("UTF-8");
    }
}
