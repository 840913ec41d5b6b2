package io.dmkit.wire.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dmkit.emulator.thingspro.internal.TwinService;
import io.dmkit.fuzz.Nesting;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The ThingsPro service's reading of a device's reported patch (spec §4.2) given hostile payloads. */
class StrictJsonHostileInputTest {

    @Test
    void patchNestedFourThousandLevelsDeepWithinTheSizeLimitIs400() {
        assertRejected(Nesting.objectWithDeepMember("a", 4000), 400, "nested deeper than 10");
    }

    @Test
    void payloadOfOneHundredThousandBracketsIs413BeforeItIsRead() {
        assertRejected(Nesting.objectWithDeepMember("a", Nesting.HOSTILE_DEPTH), 413, "8192");
    }

    @Test
    void objectNestedOneHundredThousandLevelsDeepIs400WithoutStackOverflowWhereSizeIsNotLimited() {
        // the emulator's REST API reads bodies of up to 1 MiB with the same reader
        byte[] deep = Nesting.objectWithDeepMember("a", Nesting.HOSTILE_DEPTH).getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> StrictJson.parseObject(deep, Integer.MAX_VALUE, 32, true))
                .isInstanceOfSatisfying(StrictJson.Rejection.class, r -> assertThat(r.status()).isEqualTo(400))
                .hasMessageContaining("nested deeper than 32");
    }

    @Test
    void patchOverTheLimitOf8192BytesIs413() {
        assertRejected("{\"a\":\"" + "x".repeat(TwinService.MAX_PATCH_BYTES) + "\"}", 413, "8192");
    }

    @Test
    void patchThatIsNotUtf8Is400() {
        byte[] latin1 = "{\"unit\":\"°C\"}".getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> parse(latin1)).isInstanceOfSatisfying(StrictJson.Rejection.class,
                r -> assertThat(r.status()).isEqualTo(400)).hasMessageContaining("UTF-8");
    }

    @Test
    void patchWithAMemberNameRepeatedIs400() {
        assertRejected("{\"a\":{\"b\":1,\"b\":2}}", 400, "appears twice in one object: 'b'");
    }

    private static void assertRejected(String payload, int status, String reason) {
        assertThatThrownBy(() -> parse(payload.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(StrictJson.Rejection.class,
                        r -> assertThat(r.status()).isEqualTo(status))
                .hasMessageContaining(reason);
    }

    private static void parse(byte[] payload) throws StrictJson.Rejection {
        StrictJson.parseObject(payload, TwinService.MAX_PATCH_BYTES, TwinService.MAX_PATCH_DEPTH, false);
    }
}
