package io.dmkit.emulator.internal.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.gson.JsonElement;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The emulator's reading of JSON text a device sent (a command reply): {@link Json#parseStrict} finds
 * one strict JSON value (nested at most {@value io.dmkit.wire.json.StrictJson#MAX_DEPTH} levels) or
 * none, and {@link Json#replyPayload} turns any text into what the REST API shows: the compact JSON
 * itself, a JSON string holding the text, or nothing. Neither ever throws, and
 * what replyPayload returns is always one strict JSON value.
 */
class DeviceReplyFuzzTest {

    @FuzzTest
    void readReply(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        Optional<JsonElement> parsed = Json.parseStrict(text);
        String shown = Json.replyPayload(text);
        if (shown != null) {
            assertThat(Json.parseStrict(shown)).as("the API shows strict JSON").isPresent();
            if (parsed.isPresent()) {
                assertThat(shown).isEqualTo(parsed.get().toString());
            } else {
                assertThat(Json.parseStrict(shown).orElseThrow().getAsString()).isEqualTo(text);
            }
        } else {
            assertThat(text.isBlank() || parsed.map(JsonElement::isJsonNull).orElse(false)).isTrue();
        }
    }
}
