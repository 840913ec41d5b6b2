package io.dmkit.wire.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StrictJsonTest {

    private static JsonObject object(String text) {
        return StrictJson.parseObject(text.getBytes(StandardCharsets.UTF_8), 8192, 10, true);
    }

    private static AbstractThrowableAssert<?, ?> assertRefused(String text) {
        return assertThatThrownBy(() -> object(text)).isInstanceOfSatisfying(StrictJson.Rejection.class,
                r -> assertThat(r.status()).isEqualTo(400));
    }

    @Test
    void readsOneObjectKeepingNumbersAsWritten() {
        assertThat(object(" {\"a\":1.50,\"b\":[1e3,-0],\"c\":{\"d\":null},\"e\":\"\\u00e9\"} ")).hasToString(
                "{\"a\":1.50,\"b\":[1e3,-0],\"c\":{\"d\":null},\"e\":\"é\"}");
    }

    @Test
    void readsAnyOneValueWhereAValueIsAsked() {
        assertThat(StrictJson.parseValue(" [1, \"a\"] ", 64)).hasToString("[1,\"a\"]");
        assertThat(StrictJson.parseValue("42", 64)).hasToString("42");
        assertThat(StrictJson.parseValue("null", 64).isJsonNull()).isTrue();
        assertThatThrownBy(() -> StrictJson.parseValue("1 2", 64)).hasMessage("payload has data after the JSON value");
        assertThatThrownBy(() -> StrictJson.parseValue(" ", 64))
                .hasMessage("payload is empty; a JSON value is required");
    }

    @Test
    void refusesAnythingButAnObjectWhereAnObjectIsAsked() {
        assertRefused("[1]").hasMessage("payload is not a JSON object but an array");
        assertRefused("\"text\"").hasMessage("payload is not a JSON object but a string");
        assertRefused("null").hasMessage("payload is not a JSON object but null");
        assertThatThrownBy(() -> StrictJson.parseObject("7", 64))
                .hasMessage("payload is not a JSON object but a number");
        assertRefused("").hasMessage("payload is empty; a JSON object is required");
        assertRefused("{\"a\":1} {\"b\":2}").hasMessage("payload has data after the JSON object");
        assertRefused("{\"a\":1} trailing").hasMessage("payload has data after the JSON object");
        assertRefused("{\"a\":[1,").hasMessage("payload is truncated JSON");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{a:1}", "{\"a\":'x'}", "{\"a\":NaN}", "{\"a\":1,}", "{\"a\":}", "{\"a\":\"\u0001\"}",
        "{\"a\":01}", "{\"a\":1;\"b\":2}", "/*c*/{}"})
    void refusesLenientSyntax(String text) {
        assertRefused(text).hasMessageStartingWith("payload is not valid JSON: ");
    }

    @Test
    void aSyntaxErrorSaysWhereWithoutGsonsLinkAndWithoutControlCharactersOfTheInput() {
        assertRefused("{\"a\nb\":}").hasMessageContaining("line ").hasMessageNotContaining("\n")
                .hasMessageNotContaining("Troubleshooting");
    }

    @Test
    void refusesAMemberNameTwiceInOneObjectAtAnyLevel() {
        assertRefused("{\"a\":1,\"a\":2}")
                .hasMessage("payload has a member name that appears twice in one object: 'a'");
        assertRefused("{\"x\":[{\"b\":1,\"b\":{}}]}")
                .hasMessage("payload has a member name that appears twice in one object: 'b'");
        assertThat(object("{\"a\":{\"a\":1},\"b\":[{\"a\":1},{\"a\":2}]}")).as("the same name in other objects")
                .hasToString("{\"a\":{\"a\":1},\"b\":[{\"a\":1},{\"a\":2}]}");
    }

    @Test
    void refusesNamesStartingWithDollarOnlyWhenAsked() {
        byte[] reserved = "{\"a\":{\"$b\":1}}".getBytes(StandardCharsets.UTF_8);
        assertThat(StrictJson.parseObject(reserved, 100, 10, true)).hasToString("{\"a\":{\"$b\":1}}");
        assertThatThrownBy(() -> StrictJson.parseObject(reserved, 100, 10, false))
                .hasMessage("payload has a member name starting with '$', which is reserved: '$b'");
    }

    @Test
    void refusesBytesThatAreNotUtf8RatherThanReplacingThem() {
        byte[] latin1 = "{\"unit\":\"°C\"}".getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> StrictJson.parseObject(latin1, 100, 10, true)).hasMessage("payload is not UTF-8");
    }

    @Test
    void refusesAPayloadOverItsSizeWith413BeforeReadingIt() {
        byte[] big = ("{\"a\":\"" + "x".repeat(100) + "\"}").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> StrictJson.parseObject(big, 100, 10, true))
                .isInstanceOfSatisfying(StrictJson.Rejection.class, r -> assertThat(r.status()).isEqualTo(413))
                .hasMessage("payload is 108 bytes; at most 100 are allowed");
    }

    @Test
    void theNestingLimitCountsObjectsAndArraysFromTheTopLevel() {
        String tenLevels = "{\"a\":".repeat(9) + "[]" + "}".repeat(9);
        assertThat(object(tenLevels)).isNotNull();
        assertRefused("{\"a\":" + tenLevels + "}").hasMessage("payload is nested deeper than 10 levels");
        assertRefused("{\"a\":" + "[".repeat(10) + "]".repeat(10) + "}")
                .hasMessage("payload is nested deeper than 10 levels");
        assertThat(StrictJson.parseValue("[[1]]", 2)).hasToString("[[1]]");
        assertThatThrownBy(() -> StrictJson.parseValue("[[[1]]]", 2))
                .hasMessage("payload is nested deeper than 2 levels");
    }

    @Test
    void aHostileDepthIsRefusedAsItIsReadWithoutExhaustingTheStack() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        assertThatThrownBy(() -> StrictJson.parseValue(deep, StrictJson.MAX_DEPTH))
                .hasMessage("payload is nested deeper than " + StrictJson.MAX_DEPTH + " levels");
        assertThatThrownBy(() -> StrictJson.parseObject("{\"a\":" + "[".repeat(100_000), StrictJson.MAX_DEPTH))
                .hasMessage("payload is nested deeper than " + StrictJson.MAX_DEPTH + " levels");
    }

    @Test
    void aRejectionIsAnIllegalArgumentExceptionThatCanNameThePayloadOtherwise() {
        assertThatThrownBy(() -> StrictJson.parseObject("{", 64)).isInstanceOf(IllegalArgumentException.class);
        StrictJson.Rejection rejection = new StrictJson.Rejection(400, "payload is not UTF-8");
        assertThat(rejection.messageAbout("the body")).isEqualTo("the body is not UTF-8");
    }
}
