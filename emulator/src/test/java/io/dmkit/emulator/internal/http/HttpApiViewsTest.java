package io.dmkit.emulator.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.dmkit.emulator.CommandResult;
import io.dmkit.emulator.TelemetryMessage;
import io.dmkit.emulator.TwinDocument;
import io.dmkit.wire.json.StrictJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The JSON shapes and body rules of the API that a running emulator cannot easily be made to show. */
class HttpApiViewsTest {

    @Test
    void binaryTelemetryIsShownInBase64() {
        TelemetryMessage binary = new TelemetryMessage("dm/x/messages", new byte[] {(byte) 0xff, 0, 1}, Map.of(),
                Instant.parse("2026-01-01T00:00:00Z"));
        JsonObject view = StateViews.messages(List.of(binary)).get(0).getAsJsonObject();
        assertThat(view.get("payload").isJsonNull()).isTrue();
        assertThat(view.get("payloadBase64").getAsString()).isEqualTo("/wAB");
        assertThat(view.get("time").getAsString()).isEqualTo("2026-01-01T00:00:00Z");
    }

    @Test
    void twinSectionsCarryTheirVersion() {
        JsonObject view = StateViews.twin(new TwinDocument("{\"a\":1}", 3, "{}", 7));
        assertThat(view).isEqualTo(JsonParser.parseString(
                "{\"desired\":{\"a\":1,\"$version\":3},\"reported\":{\"$version\":7}}"));
    }

    @Test
    void commandReplyIsEmbeddedAsJsonAndAbsentReplyAsNull() {
        assertThat(Json.GSON.toJson(StateViews.commandResult(new CommandResult(200, "[1,2]"))))
                .isEqualTo("{\"status\":200,\"payload\":[1,2]}");
        assertThat(Json.GSON.toJson(StateViews.commandResult(new CommandResult(504, null))))
                .isEqualTo("{\"status\":504,\"payload\":null}");
        String deep = "[".repeat(StrictJson.MAX_DEPTH + 1) + "]".repeat(StrictJson.MAX_DEPTH + 1);
        assertThat(Json.embed(deep).getAsString()).as("too deep to write as a tree: kept as text").isEqualTo(deep);
    }

    @Test
    void commandPayloadIsAnyOneJsonValueOrNothing() throws Exception {
        assertThat(JsonBodies.optionalValue(bytes(" "))).isNull();
        assertThat(JsonBodies.optionalValue(bytes("{ \"hello\" : 1 }"))).isEqualTo("{\"hello\":1}");
        assertThat(JsonBodies.optionalValue(bytes("[1, \"a\"]"))).isEqualTo("[1,\"a\"]");
        assertThat(JsonBodies.optionalValue(bytes("42"))).isEqualTo("42");
        for (String bad : new String[] {"1,\"x\":2", "{\"a\":1}}", "{\"a\":1,\"a\":2}", "'a'", "[1,]",
                "[".repeat(100) + "]".repeat(100)}) {
            assertThatThrownBy(() -> JsonBodies.optionalValue(bytes(bad))).as(bad)
                    .isInstanceOf(StrictJson.Rejection.class);
        }
        assertThatThrownBy(() -> JsonBodies.optionalValue(bytes("[".repeat(33) + "]".repeat(33))))
                .hasMessage("the body is nested deeper than " + JsonBodies.MAX_DEPTH + " levels");
        assertThatThrownBy(() -> JsonBodies.optionalValue(bytes("[1,]")))
                .hasMessage("the body is not valid JSON (line 1, column 5)");
    }

    @Test
    void pathSegmentsArePercentDecodedAfterSplitting() {
        assertThat(PathSegments.split("/")).isEmpty();
        assertThat(PathSegments.split("/api/devices/a%2Fb+c/twin")).containsExactly("api", "devices", "a/b+c", "twin");
        assertThatThrownBy(() -> PathSegments.split("/api/%zz")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PathSegments.split("/api/%C3")).hasMessageContaining("not UTF-8");
        assertThatThrownBy(() -> PathSegments.requireName("command name", "a\u0001"))
                .hasMessage("the command name must not contain '/' or control characters");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
