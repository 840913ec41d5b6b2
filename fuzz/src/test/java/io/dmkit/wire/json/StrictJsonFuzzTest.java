package io.dmkit.wire.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.gson.JsonObject;
import io.dmkit.emulator.thingspro.internal.TwinService;
import io.dmkit.fuzz.Parts;
import java.util.List;

/**
 * The ThingsPro service's reading of device payloads (spec §4.2) and its merge. Input:
 * {@code <document>\0<patch>}. A payload is one JSON object or a Rejection with status 400 or 413
 * (the status the device gets back); the merge of two accepted objects never fails and changes neither.
 */
class StrictJsonFuzzTest {

    /** The service's limits for reported patches (spec §4.2): 8192 bytes, 10 levels. */
    private static final int MAX_BYTES = TwinService.MAX_PATCH_BYTES;
    private static final int MAX_DEPTH = TwinService.MAX_PATCH_DEPTH;

    @FuzzTest
    void parseAndMerge(byte[] input) {
        List<byte[]> parts = Parts.split(input, 2);
        JsonObject document = parse(parts.get(0), true);
        JsonObject patch = parts.size() > 1 ? parse(parts.get(1), false) : null;
        if (document != null && patch != null) {
            String before = document.toString();
            String patchBefore = patch.toString();
            JsonObject merged = JsonMergePatch.apply(document, patch);
            assertThat(document.toString()).isEqualTo(before);
            assertThat(patch.toString()).isEqualTo(patchBefore);
            patch.entrySet().forEach(member -> {
                if (member.getValue().isJsonNull()) {
                    assertThat(merged.has(member.getKey())).isFalse();
                } else {
                    assertThat(merged.has(member.getKey())).isTrue();
                }
            });
        }
    }

    private static JsonObject parse(byte[] payload, boolean allowReservedNames) {
        try {
            JsonObject object = StrictJson.parseObject(payload, MAX_BYTES, MAX_DEPTH, allowReservedNames);
            assertThat(payload.length).isLessThanOrEqualTo(MAX_BYTES);
            return object;
        } catch (StrictJson.Rejection r) {
            assertThat(r.status()).isIn(400, 413);
            assertThat(r.getMessage()).isNotEmpty();
            return null;
        }
    }
}
