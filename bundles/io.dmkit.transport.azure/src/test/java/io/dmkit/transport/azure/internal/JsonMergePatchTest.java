package io.dmkit.transport.azure.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

class JsonMergePatchTest {

    private static JsonObject json(String s) {
        return JsonParser.parseString(s).getAsJsonObject();
    }

    @Test
    void applyDeletesNullsMergesObjectsAndReplacesTheRest() {
        JsonObject target = json("{\"a\":1,\"b\":{\"x\":1,\"y\":2},\"c\":[1],\"d\":\"gone\"}");
        JsonMergePatch.apply(target, json("{\"a\":2,\"b\":{\"y\":null,\"z\":3},\"c\":{\"n\":null,\"m\":1},\"d\":null,"
                + "\"$version\":9}"));
        assertThat(target).isEqualTo(json("{\"a\":2,\"b\":{\"x\":1,\"z\":3},\"c\":{\"m\":1}}"));
    }

    @Test
    void diffIsThePatchThatTurnsOneIntoTheOther() {
        JsonObject from = json("{\"a\":1,\"b\":{\"x\":1,\"y\":2},\"gone\":true,\"same\":[1,2]}");
        JsonObject to = json("{\"a\":2,\"b\":{\"x\":1,\"z\":3},\"new\":{\"k\":1},\"same\":[1,2],\"$version\":4}");
        JsonObject patch = JsonMergePatch.diff(from, to);
        assertThat(patch).isEqualTo(json("{\"gone\":null,\"a\":2,\"b\":{\"y\":null,\"z\":3},\"new\":{\"k\":1}}"));
        JsonObject applied = from.deepCopy();
        JsonMergePatch.apply(applied, patch);
        to.remove("$version");
        assertThat(applied).isEqualTo(to);
    }

    @Test
    void equalDocumentsHaveAnEmptyDiff() {
        assertThat(JsonMergePatch.diff(json("{\"a\":{\"b\":1}}"), json("{\"a\":{\"b\":1},\"$version\":3}")).size())
                .isZero();
    }
}
