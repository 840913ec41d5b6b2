package io.dmkit.emulator.internal.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import io.dmkit.fuzz.Nesting;
import org.junit.jupiter.api.Test;

/** The emulator's reading of a device's command reply given hostile text (docs/emulator.md: replies are shown as JSON). */
class DeviceReplyHostileInputTest {

    @Test
    void replyNestedOneHundredThousandLevelsDeepIsShownAsAStringWithoutStackOverflow() {
        String deep = Nesting.arrays(Nesting.HOSTILE_DEPTH);

        String shown = Json.replyPayload(deep);

        assertThat(JsonParser.parseString(shown).getAsString()).isEqualTo(deep);
    }

    @Test
    void replyWithARepeatedMemberIsShownAsTheStringItIs() {
        String reply = "{\"a\":1,\"a\":2}";

        assertThat(JsonParser.parseString(Json.replyPayload(reply)).getAsString()).isEqualTo(reply);
    }
}
