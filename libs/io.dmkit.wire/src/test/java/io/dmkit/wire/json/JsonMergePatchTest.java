package io.dmkit.wire.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonMergePatchTest {

    private static JsonElement json(String text) {
        return JsonParser.parseString(text);
    }

    private static JsonObject object(String text) {
        return json(text).getAsJsonObject();
    }

    /** RFC 7386, Appendix A: every example, original | patch | result. */
    @ParameterizedTest(name = "{0} + {1} = {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            {"a":"b"}                                | {"a":"c"}                     | {"a":"c"}
            {"a":"b"}                                | {"b":"c"}                     | {"a":"b","b":"c"}
            {"a":"b"}                                | {"a":null}                    | {}
            {"a":"b","b":"c"}                        | {"a":null}                    | {"b":"c"}
            {"a":["b"]}                              | {"a":"c"}                     | {"a":"c"}
            {"a":"c"}                                | {"a":["b"]}                   | {"a":["b"]}
            {"a":{"b":"c"}}                          | {"a":{"b":"d","c":null}}      | {"a":{"b":"d"}}
            {"a":[{"b":"c"}]}                        | {"a":[1]}                     | {"a":[1]}
            ["a","b"]                                | ["c","d"]                     | ["c","d"]
            {"a":"b"}                                | ["c"]                         | ["c"]
            {"a":"foo"}                              | null                          | null
            {"a":"foo"}                              | "bar"                         | "bar"
            {"e":null}                               | {"a":1}                       | {"e":null,"a":1}
            [1,2]                                    | {"a":"b","c":null}            | {"a":"b"}
            {}                                       | {"a":{"bb":{"ccc":null}}}     | {"a":{"bb":{}}}
            """)
    void rfc7386AppendixA(String original, String patch, String result) {
        JsonElement target = json(original);
        JsonElement patchValue = json(patch);
        String targetBefore = target.toString();
        String patchBefore = patchValue.toString();

        assertThat(JsonMergePatch.apply(target, patchValue)).isEqualTo(json(result));
        assertThat(target).as("the target is not changed").hasToString(targetBefore);
        assertThat(patchValue).as("the patch is not changed").hasToString(patchBefore);
    }

    @Test
    void mergeChangesTheTargetInPlaceAndSharesNothingWithThePatch() {
        JsonObject target = object("{\"a\":{\"x\":1,\"y\":2},\"b\":1,\"c\":[1]}");
        JsonObject nested = target.getAsJsonObject("a");
        JsonObject patch = object("{\"a\":{\"y\":null,\"z\":3},\"b\":null,\"c\":[2],\"n\":{\"k\":[0]}}");

        JsonMergePatch.merge(target, patch);

        assertThat(target).hasToString("{\"a\":{\"x\":1,\"z\":3},\"c\":[2],\"n\":{\"k\":[0]}}");
        assertThat(target.getAsJsonObject("a")).isSameAs(nested);
        target.getAsJsonArray("c").add(3);
        target.getAsJsonObject("n").getAsJsonArray("k").add(1);
        assertThat(patch).hasToString("{\"a\":{\"y\":null,\"z\":3},\"b\":null,\"c\":[2],\"n\":{\"k\":[0]}}");
    }

    @Test
    void anObjectThePatchAddsKeepsNoNullsInside() {
        JsonObject patch = object("{\"n\":{\"x\":null,\"y\":{\"z\":null}}}");

        JsonObject merged = JsonMergePatch.apply(object("{\"a\":1}"), patch);

        assertThat(merged).hasToString("{\"a\":1,\"n\":{\"y\":{}}}");
    }

    @Test
    void diffIsThePatchThatTurnsOneIntoTheOther() {
        JsonObject from = object("{\"a\":1,\"b\":{\"x\":1,\"y\":2},\"gone\":true,\"same\":[1,2]}");
        JsonObject to = object("{\"a\":2,\"b\":{\"x\":1,\"z\":3},\"new\":{\"k\":1},\"same\":[1,2]}");

        JsonObject patch = JsonMergePatch.diff(from, to);

        assertThat(patch).isEqualTo(object("{\"gone\":null,\"a\":2,\"b\":{\"y\":null,\"z\":3},\"new\":{\"k\":1}}"));
        assertThat(JsonMergePatch.apply(from, patch)).isEqualTo(to);
    }

    @Test
    void equalDocumentsHaveAnEmptyDiff() {
        assertThat(JsonMergePatch.diff(object("{\"a\":{\"b\":1}}"), object("{\"a\":{\"b\":1}}")).size()).isZero();
    }
}
