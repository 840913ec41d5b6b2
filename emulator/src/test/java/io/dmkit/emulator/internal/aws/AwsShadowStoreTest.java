package io.dmkit.emulator.internal.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.dmkit.transport.aws.protocol.ShadowKey;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AwsShadowStoreTest {

    private static final long T0 = 1_700_000_000L;
    private static final ShadowKey CLASSIC = ShadowKey.classic("thing-1");

    private final TestClock clock = new TestClock(T0);
    private final ShadowStore store = new ShadowStore(clock);

    @Test
    void firstUpdateCreatesVersionOneAndEchoesTheRequestWithItsMetadata() throws Exception {
        ShadowOutcome outcome = update("{\"state\":{\"reported\":{\"temp\":21,\"fan\":null}},\"clientToken\":\"t1\"}");

        assertThat(outcome.version()).isEqualTo(1);
        assertThat(suffixes(outcome)).containsExactly("update/accepted", "update/documents");
        assertThat(reply(outcome, "update/accepted")).isEqualTo(json("{\"state\":{\"reported\":{\"temp\":21,"
                + "\"fan\":null}},\"metadata\":{\"reported\":{\"temp\":{\"timestamp\":" + T0 + "},\"fan\":{\"timestamp\":"
                + T0 + "}}},\"version\":1,\"timestamp\":" + T0 + ",\"clientToken\":\"t1\"}"));
    }

    @Test
    void documentsOfTheCreatingUpdateHaveNoPreviousAndLaterOnesDo() throws Exception {
        JsonObject first = reply(update("{\"state\":{\"reported\":{\"a\":1}}}"), "update/documents");
        JsonObject second = reply(update("{\"state\":{\"reported\":{\"a\":2}},\"clientToken\":\"c\"}"),
                "update/documents");

        assertThat(first.has("previous")).isFalse();
        assertThat(first.getAsJsonObject("current")).isEqualTo(json("{\"state\":{\"reported\":{\"a\":1}},"
                + "\"metadata\":{\"reported\":{\"a\":{\"timestamp\":" + T0 + "}}},\"version\":1}"));
        assertThat(second.getAsJsonObject("previous").get("version").getAsLong()).isEqualTo(1);
        assertThat(second.getAsJsonObject("previous").getAsJsonObject("state"))
                .isEqualTo(json("{\"reported\":{\"a\":1}}"));
        assertThat(second.getAsJsonObject("current").get("version").getAsLong()).isEqualTo(2);
        assertThat(second.get("clientToken").getAsString()).isEqualTo("c");
        assertThat(second.get("timestamp").getAsLong()).isEqualTo(T0);
    }

    @Test
    void updateChangesOnlyTheGivenFieldsAndNullDeletesOne() throws Exception {
        update("{\"state\":{\"reported\":{\"a\":1,\"b\":{\"x\":1,\"y\":2},\"c\":3}}}");
        update("{\"state\":{\"reported\":{\"b\":{\"y\":null},\"c\":null,\"d\":4}}}");

        assertThat(store.find(CLASSIC).orElseThrow().reported())
                .isEqualTo(json("{\"a\":1,\"b\":{\"x\":1},\"d\":4}"));
    }

    @Test
    void nullSectionClearsItAndEmptySectionsAreLeftOutOfGet() throws Exception {
        update("{\"state\":{\"desired\":{\"a\":1},\"reported\":{\"a\":1}}}");
        update("{\"state\":{\"desired\":null}}");

        JsonObject got = reply(store.get(CLASSIC, Optional.empty()), "get/accepted");
        assertThat(got.getAsJsonObject("state")).isEqualTo(json("{\"reported\":{\"a\":1}}"));
        assertThat(got.getAsJsonObject("metadata").has("desired")).isFalse();
        assertThat(got.get("version").getAsLong()).isEqualTo(2);
    }

    @Test
    void untouchedLeavesKeepTheirTimestampAndWrittenOnesGetTheNewOne() throws Exception {
        update("{\"state\":{\"reported\":{\"a\":1,\"b\":{\"x\":1,\"y\":[1,2]}}}}");
        clock.advance(Duration.ofSeconds(30));
        update("{\"state\":{\"reported\":{\"b\":{\"x\":5}}}}");

        JsonObject metadata = reply(store.get(CLASSIC, Optional.empty()), "get/accepted").getAsJsonObject("metadata");
        long t1 = T0 + 30;
        assertThat(metadata).isEqualTo(json("{\"reported\":{\"a\":{\"timestamp\":" + T0 + "},\"b\":{\"x\":{"
                + "\"timestamp\":" + t1 + "},\"y\":[{\"timestamp\":" + T0 + "},{\"timestamp\":" + T0 + "}]}}}"));
    }

    @Test
    void deltaHoldsOnlyTheDesiredLeavesThatDifferFromReported() throws Exception {
        update("{\"state\":{\"reported\":{\"color\":\"red\",\"light\":{\"on\":true,\"level\":3},\"extra\":1}}}");
        clock.advance(Duration.ofSeconds(5));
        ShadowOutcome outcome = update("{\"state\":{\"desired\":{\"color\":\"red\",\"light\":{\"on\":true,"
                + "\"level\":7},\"mode\":\"eco\"}},\"clientToken\":\"d1\"}");

        JsonObject delta = reply(outcome, "update/delta");
        long t1 = T0 + 5;
        assertThat(suffixes(outcome)).containsExactly("update/accepted", "update/delta", "update/documents");
        assertThat(delta).isEqualTo(json("{\"state\":{\"light\":{\"level\":7},\"mode\":\"eco\"},\"metadata\":{"
                + "\"light\":{\"level\":{\"timestamp\":" + t1 + "}},\"mode\":{\"timestamp\":" + t1 + "}},"
                + "\"version\":2,\"timestamp\":" + t1 + ",\"clientToken\":\"d1\"}"));
        assertThat(reply(store.get(CLASSIC, Optional.empty()), "get/accepted").getAsJsonObject("state")
                .getAsJsonObject("delta")).isEqualTo(json("{\"light\":{\"level\":7},\"mode\":\"eco\"}"));
    }

    @Test
    void noDeltaOnceReportedMatchesDesired() throws Exception {
        update("{\"state\":{\"desired\":{\"level\":7}}}");
        ShadowOutcome outcome = update("{\"state\":{\"reported\":{\"level\":7}}}");

        assertThat(suffixes(outcome)).containsExactly("update/accepted", "update/documents");
        assertThat(reply(store.get(CLASSIC, Optional.empty()), "get/accepted").getAsJsonObject("state").has("delta"))
                .isFalse();
    }

    @Test
    void reportedUpdateThatLeavesADifferencePublishesTheRemainingDelta() throws Exception {
        update("{\"state\":{\"desired\":{\"a\":1,\"b\":2}}}");
        ShadowOutcome outcome = update("{\"state\":{\"reported\":{\"a\":1}}}");

        assertThat(reply(outcome, "update/delta").getAsJsonObject("state")).isEqualTo(json("{\"b\":2}"));
    }

    @Test
    void matchingVersionLockIsAcceptedAndAStaleOneIsAConflictThatChangesNothing() throws Exception {
        update("{\"state\":{\"reported\":{\"a\":1}}}");
        assertThat(update("{\"state\":{\"reported\":{\"a\":2}},\"version\":1}").version()).isEqualTo(2);

        assertThatThrownBy(() -> update("{\"state\":{\"reported\":{\"a\":3}},\"version\":1,\"clientToken\":\"s\"}"))
                .isInstanceOfSatisfying(ShadowRejection.class, r -> {
                    assertThat(r.code()).isEqualTo(409);
                    assertThat(r.getMessage()).isEqualTo("Version conflict");
                    assertThat(r.clientToken()).contains("s");
                });
        assertThat(store.find(CLASSIC).orElseThrow().reported()).isEqualTo(json("{\"a\":2}"));
        assertThat(store.find(CLASSIC).orElseThrow().version()).isEqualTo(2);
    }

    @Test
    void mergedStateOfExactlyTheLimitIsAcceptedAndOneByteMoreIsTooLarge() throws Exception {
        // {"reported":{"a":"<n>"}} is 21 + n bytes.
        update("{\"state\":{\"reported\":{\"a\":\"" + "x".repeat(ShadowLimits.MAX_STATE_BYTES - 21) + "\"}}}");
        assertThat(store.find(CLASSIC).orElseThrow().stateBytes()).isEqualTo(ShadowLimits.MAX_STATE_BYTES);

        assertThatThrownBy(() -> update("{\"state\":{\"reported\":{\"a\":\""
                + "x".repeat(ShadowLimits.MAX_STATE_BYTES - 20) + "\"}}}"))
                .isInstanceOfSatisfying(ShadowRejection.class, r -> assertThat(r.code()).isEqualTo(413));
    }

    @Test
    void limitAppliesToTheMergedStateNotToTheRequest() throws Exception {
        String half = "x".repeat(4500);
        update("{\"state\":{\"desired\":{\"a\":\"" + half + "\"}}}");

        assertThatThrownBy(() -> update("{\"state\":{\"reported\":{\"b\":\"" + half + "\"}}}"))
                .isInstanceOfSatisfying(ShadowRejection.class, r -> {
                    assertThat(r.code()).isEqualTo(413);
                    assertThat(r.getMessage()).isEqualTo("The payload exceeds the maximum size allowed");
                });
        assertThat(store.find(CLASSIC).orElseThrow().version()).isEqualTo(1);
    }

    @Test
    void getAndDeleteOfAMissingShadowAreNotFound() {
        assertThatThrownBy(() -> store.get(CLASSIC, Optional.of("g")))
                .isInstanceOfSatisfying(ShadowRejection.class, r -> {
                    assertThat(r.code()).isEqualTo(404);
                    assertThat(r.getMessage()).isEqualTo("No shadow exists with name: 'thing-1'");
                    assertThat(r.clientToken()).contains("g");
                });
        assertThatThrownBy(() -> store.delete(ShadowKey.named("thing-1", "config"), Optional.empty()))
                .isInstanceOfSatisfying(ShadowRejection.class, r -> {
                    assertThat(r.code()).isEqualTo(404);
                    assertThat(r.getMessage()).isEqualTo("No shadow exists with name: 'thing-1~config'");
                });
    }

    @Test
    void deleteAnswersTheVersionAndARecreatedShadowContinuesFromIt() throws Exception {
        update("{\"state\":{\"reported\":{\"a\":1}}}");
        update("{\"state\":{\"reported\":{\"a\":2}}}");

        JsonObject deleted = reply(store.delete(CLASSIC, Optional.of("del")), "delete/accepted");
        assertThat(deleted).isEqualTo(json("{\"version\":2,\"timestamp\":" + T0 + ",\"clientToken\":\"del\"}"));
        assertThatThrownBy(() -> store.get(CLASSIC, Optional.empty())).isInstanceOf(ShadowRejection.class);

        assertThat(update("{\"state\":{\"reported\":{\"b\":1}}}").version()).isEqualTo(3);
        assertThat(store.find(CLASSIC).orElseThrow().reported()).isEqualTo(json("{\"b\":1}"));
    }

    @Test
    void namedShadowsAreIndependentOfTheClassicOne() throws Exception {
        ShadowKey named = ShadowKey.named("thing-1", "config");
        store.update(named, ShadowRequestParser.update(bytes("{\"state\":{\"desired\":{\"a\":1}}}")));

        assertThat(store.find(named).orElseThrow().version()).isEqualTo(1);
        assertThat(store.find(CLASSIC)).isEmpty();
    }

    @Test
    void forgettingAThingDropsItsShadowsAndTheirVersions() throws Exception {
        update("{\"state\":{\"reported\":{\"a\":1}}}");
        store.update(ShadowKey.classic("thing-2"), ShadowRequestParser.update(bytes("{\"state\":{\"reported\":{}}}")));

        store.forget("thing-1");

        assertThat(store.find(CLASSIC)).isEmpty();
        assertThat(store.find(ShadowKey.classic("thing-2"))).isPresent();
        assertThat(update("{\"state\":{\"reported\":{\"a\":1}}}").version()).isEqualTo(1);
    }

    private ShadowOutcome update(String request) throws ShadowRejection {
        return store.update(CLASSIC, ShadowRequestParser.update(bytes(request)));
    }

    private static JsonObject reply(ShadowOutcome outcome, String suffix) {
        return outcome.replies().stream().filter(r -> r.response().suffix().equals(suffix)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + suffix + " in " + suffixes(outcome))).payload();
    }

    private static java.util.List<String> suffixes(ShadowOutcome outcome) {
        return outcome.replies().stream().map(r -> r.response().suffix()).toList();
    }

    static JsonObject json(String text) {
        return JsonParser.parseString(text).getAsJsonObject();
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
