package io.dmkit.core.internal.twin;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.gson.JsonObject;
import io.dmkit.api.TwinUpdate;
import io.dmkit.fuzz.Parts;
import io.dmkit.wire.json.StrictJson;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The core's twin handling with whatever a transport hands it: a twin document from the service, then
 * desired patches. Input: {@code <twin>\0<v><patch>\0<v><patch>…}, where the byte {@code <v>} gives the
 * patch's version (its low four bits). The core may refuse a document or drop a patch (it logs why);
 * it must never throw, and what it delivers must be what its API promises: first a COMPLETE twin in the
 * Azure shape, then PARTIALs in increasing version order, each a JSON object.
 */
class TwinSyncFuzzTest {

    @FuzzTest
    void twinDocumentAndPatches(byte[] input) {
        List<byte[]> parts = Parts.split(input, 16);
        try (TwinSyncHarness harness = new TwinSyncHarness()) {
            harness.connect(new String(parts.get(0), StandardCharsets.UTF_8));
            for (byte[] part : parts.subList(1, parts.size())) {
                long version = part.length == 0 ? 0 : part[0] & 0x0F;
                String patch = part.length == 0 ? "" : new String(part, 1, part.length - 1, StandardCharsets.UTF_8);
                harness.patch(patch, version);
            }
            checkDelivered(harness.delivered);
        }
    }

    private static void checkDelivered(List<TwinUpdate> updates) {
        long last = -1;
        for (int i = 0; i < updates.size(); i++) {
            TwinUpdate update = updates.get(i);
            JsonObject json = StrictJson.parseObject(update.json(), StrictJson.MAX_DEPTH);
            if (i == 0) {
                assertThat(update.kind()).isEqualTo(TwinUpdate.Kind.COMPLETE);
                assertThat(DeliveredTwin.version(json.getAsJsonObject("desired"))).isEqualTo(update.version());
                assertThat(json.get("reported")).matches(JsonObject.class::isInstance, "a reported object");
            } else {
                assertThat(update.kind()).isEqualTo(TwinUpdate.Kind.PARTIAL);
                assertThat(update.version()).isGreaterThan(last);
                assertThat(DeliveredTwin.version(json)).isEqualTo(update.version());
            }
            last = update.version();
        }
    }
}
