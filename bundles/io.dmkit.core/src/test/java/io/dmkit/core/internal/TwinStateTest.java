package io.dmkit.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import io.dmkit.api.TwinUpdate;
import org.junit.jupiter.api.Test;

class TwinStateTest {

    @Test
    void patchesMergeNestedObjectsAndNullDeletes() {
        JsonObject target = JsonPatches.parseObject("{\"a\":{\"x\":1,\"y\":2},\"b\":1,\"c\":[1]}");
        JsonPatches.merge(target, JsonPatches.parseObject("{\"a\":{\"y\":null,\"z\":3},\"b\":null,\"c\":[2]}"));
        assertThat(target.toString()).isEqualTo("{\"a\":{\"x\":1,\"z\":3},\"c\":[2]}");
    }

    @Test
    void nullsInsideANewObjectAreDropped() {
        JsonObject target = JsonPatches.parseObject("{\"a\":1}");
        JsonPatches.merge(target, JsonPatches.parseObject("{\"n\":{\"x\":null,\"y\":{\"z\":null}}}"));
        assertThat(target.toString()).isEqualTo("{\"a\":1,\"n\":{\"y\":{}}}");
    }

    @Test
    void parsingRejectsAnythingButOneStrictJsonObject() {
        assertThatThrownBy(() -> JsonPatches.parseObject("[1]")).hasMessageContaining("expected a JSON object");
        assertThatThrownBy(() -> JsonPatches.parseObject("{\"a\":1} trailing")).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> JsonPatches.parseObject("{a:1}")).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> JsonPatches.parseObject("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JsonPatches.parseObject("{\"a\":" + "[".repeat(100) + "]".repeat(100) + "}"))
                .hasMessageContaining("nested deeper");
    }

    @Test
    void completeTwinNeedsADesiredVersion() {
        TwinState twin = new TwinState();
        assertThatThrownBy(() -> twin.replace("{\"desired\":{}}")).hasMessageContaining("$version");
        TwinUpdate complete = twin.replace("{\"desired\":{\"a\":1,\"$version\":4}}");
        assertThat(complete.kind()).isEqualTo(TwinUpdate.Kind.COMPLETE);
        assertThat(complete.version()).isEqualTo(4);
        assertThat(complete.json()).contains("\"reported\":{}");
    }

    @Test
    void desiredPatchAndAcceptedReportedChangeTheDocument() {
        TwinState twin = new TwinState();
        twin.replace("{\"desired\":{\"a\":1,\"$version\":4},\"reported\":{\"r\":1,\"$version\":2}}");
        TwinUpdate partial = twin.applyDesired(JsonPatches.parseObject("{\"a\":2}"), 5);
        assertThat(partial.kind()).isEqualTo(TwinUpdate.Kind.PARTIAL);
        assertThat(partial.json()).isEqualTo("{\"a\":2,\"$version\":5}");
        twin.applyReported(JsonPatches.parseObject("{\"r\":null,\"s\":true}"), 3);
        assertThat(twin.complete().json())
                .isEqualTo("{\"desired\":{\"a\":2,\"$version\":5},\"reported\":{\"$version\":3,\"s\":true}}");
    }
}
