package io.dmkit.emulator.internal.aws;

import static io.dmkit.emulator.internal.aws.AwsShadowStoreTest.bytes;
import static io.dmkit.emulator.internal.aws.AwsShadowStoreTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonNull;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class AwsShadowRequestParserTest {

    @Test
    void readsSectionsClientTokenAndVersion() throws Exception {
        ShadowUpdate update = ShadowRequestParser.update(bytes(
                "{\"state\":{\"desired\":{\"a\":1},\"reported\":null},\"clientToken\":\"tok\",\"version\":7}"));

        assertThat(update.desired()).contains(json("{\"a\":1}"));
        assertThat(update.reported()).contains(JsonNull.INSTANCE);
        assertThat(update.clientToken()).contains("tok");
        assertThat(update.expectedVersion()).hasValue(7);
    }

    @Test
    void invalidJsonIs400() {
        assertRejected(() -> ShadowRequestParser.update(bytes("{\"state\":")), 400, "Invalid JSON");
        assertRejected(() -> ShadowRequestParser.update(bytes("{\"state\":{},\"state\":{}}")), 400, "Invalid JSON");
    }

    @Test
    void missingStateIs400AndEchoesTheClientToken() {
        assertThatThrownBy(() -> ShadowRequestParser.update(bytes("{\"clientToken\":\"abc\"}")))
                .isInstanceOfSatisfying(ShadowRejection.class, r -> {
                    assertThat(r.code()).isEqualTo(400);
                    assertThat(r.getMessage()).isEqualTo("Missing required node: state");
                    assertThat(r.payload(5)).isEqualTo(json("{\"code\":400,\"message\":\"Missing required node: state\","
                            + "\"timestamp\":5,\"clientToken\":\"abc\"}"));
                });
    }

    @Test
    void stateAndSectionsMustBeObjects() {
        assertRejected(() -> ShadowRequestParser.update(bytes("{\"state\":[1]}")), 400, "State node must be an object");
        assertRejected(() -> ShadowRequestParser.update(bytes("{\"state\":{\"desired\":\"on\"}}")), 400,
                "Desired node must be an object");
        assertRejected(() -> ShadowRequestParser.update(bytes("{\"state\":{\"reported\":5}}")), 400,
                "Reported node must be an object");
    }

    @Test
    void stateWithAnotherNodeOrNoSectionIs400() {
        assertRejected(() -> ShadowRequestParser.update(bytes("{\"state\":{\"delta\":{}}}")), 400,
                "State contains an invalid node: 'delta'");
        assertRejected(() -> ShadowRequestParser.update(bytes("{\"state\":{}}")), 400,
                "State node must contain a desired or reported node");
    }

    @Test
    void clientTokenOf64BytesIsAcceptedAnd65IsNotAndIsNotEchoed() throws Exception {
        assertThat(ShadowRequestParser.update(bytes(request("t".repeat(64)))).clientToken()).contains("t".repeat(64));

        assertThatThrownBy(() -> ShadowRequestParser.update(bytes(request("t".repeat(65)))))
                .isInstanceOfSatisfying(ShadowRejection.class, r -> {
                    assertThat(r.code()).isEqualTo(400);
                    assertThat(r.getMessage()).isEqualTo("Invalid clientToken");
                    assertThat(r.clientToken()).isEmpty();
                });
    }

    @Test
    void clientTokenLimitCountsUtf8BytesNotCharacters() {
        // 22 euro signs: 22 characters, 66 bytes.
        assertRejected(() -> ShadowRequestParser.update(bytes(request("\u20ac".repeat(22)))), 400,
                "Invalid clientToken");
    }

    @Test
    void clientTokenMustBeAString() {
        assertRejected(() -> ShadowRequestParser.update(bytes("{\"state\":{\"reported\":{}},\"clientToken\":5}")), 400,
                "Invalid clientToken");
    }

    @Test
    void versionMustBeANonNegativeInteger() {
        for (String version : new String[] {"\"3\"", "1.5", "-1", "true", "99999999999999999999"}) {
            assertRejected(() -> ShadowRequestParser.update(bytes("{\"state\":{\"reported\":{}},\"version\":" + version
                    + "}")), 400, "Invalid version");
        }
    }

    @Test
    void sixLevelsInASectionAreAcceptedAndSevenAreNot() throws Exception {
        String six = "{\"l1\":{\"l2\":{\"l3\":{\"l4\":{\"l5\":{\"l6\":1}}}}}}";
        String seven = "{\"l1\":{\"l2\":{\"l3\":{\"l4\":{\"l5\":{\"l6\":{\"l7\":1}}}}}}}";

        assertThat(ShadowRequestParser.update(bytes("{\"state\":{\"reported\":" + six + "}}")).reported()).isPresent();
        assertRejected(() -> ShadowRequestParser.update(bytes("{\"state\":{\"desired\":" + seven + "}}")), 400,
                "JSON contains too many levels of nesting; maximum is 6");
        assertRejected(() -> ShadowRequestParser.update(bytes("{\"state\":{\"reported\":{\"a\":[[[[[[1]]]]]]}}}")), 400,
                "JSON contains too many levels of nesting; maximum is 6");
    }

    @Test
    void payloadThatIsNotUtf8Is415() {
        byte[] latin1 = {'{', '"', 's', 't', 'a', 't', 'e', '"', ':', '{', '"', (byte) 0xE9, '"', ':', '1', '}', '}'};

        assertRejected(() -> ShadowRequestParser.update(latin1), 415,
                "Unsupported documented encoding; supported encoding is UTF-8");
    }

    @Test
    void requestOverTheBrokerLimitIs413() {
        String big = "{\"state\":{\"reported\":{\"a\":\"" + "x".repeat(ShadowLimits.MAX_REQUEST_BYTES) + "\"}}}";

        assertRejected(() -> ShadowRequestParser.update(bytes(big)), 413, "The payload exceeds the maximum size allowed");
    }

    @Test
    void getAndDeleteTakeAnEmptyPayloadOrAClientToken() throws Exception {
        assertThat(ShadowRequestParser.getOrDelete(new byte[0])).isEmpty();
        assertThat(ShadowRequestParser.getOrDelete(bytes("{\"clientToken\":\"x\"}"))).contains("x");
        assertRejected(() -> ShadowRequestParser.getOrDelete(bytes("not json")), 400, "Invalid JSON");
    }

    @Test
    void restPatchIsHeldToTheSameDepthRule() {
        assertRejected(() -> ShadowRequestParser.desiredPatch(bytes("{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":{\"f\":{\"g\":1}}}}}}}")),
                400, "JSON contains too many levels of nesting; maximum is 6");
    }

    private static String request(String clientToken) {
        return "{\"state\":{\"reported\":{}},\"clientToken\":\"" + clientToken + "\"}";
    }

    private static void assertRejected(ThrowingCallable call, int code, String messageStart) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ShadowRejection.class, r -> {
            assertThat(r.code()).isEqualTo(code);
            assertThat(r.getMessage()).startsWith(messageStart);
        });
    }
}
