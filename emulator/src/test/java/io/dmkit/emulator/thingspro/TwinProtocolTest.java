package io.dmkit.emulator.thingspro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.dmkit.emulator.thingspro.TestDevice.Received;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Spec §4 against a real broker: the device side is a raw Paho client. */
class TwinProtocolTest extends ServiceTestBase {

    private static JsonObject json(String text) {
        return JsonParser.parseString(text).getAsJsonObject();
    }

    private static JsonObject json(Received r) {
        return json(r.text());
    }

    @Test
    void twinGetOfANewDeviceAnswers200WithEmptySectionsAtVersion1() throws Exception {
        TestDevice device = device("new");
        Received answer = device.twinGet("g1");
        assertThat(answer.topic()).isEqualTo(device.topic("twin/res/200/g1"));
        assertThat(json(answer)).isEqualTo(json("{\"desired\":{\"$version\":1},\"reported\":{\"$version\":1}}"));
        assertThat(answer.retained()).isFalse();
    }

    @Test
    void reportedPatchIsMergedNestedWithNullDeletesAndAnswersTheNewVersion() throws Exception {
        TestDevice device = device("merge");
        Received first = device.report("r1", "{\"fw\":\"1.0\",\"net\":{\"ip\":\"10.0.0.2\",\"mask\":24},\"old\":true}");
        assertThat(first.status()).isEqualTo(200);
        assertThat(json(first)).isEqualTo(json("{\"$version\":2}"));

        Received second = device.report("r2", "{\"net\":{\"ip\":\"10.0.0.3\",\"mask\":null},\"old\":null,\"tags\":[1,2]}");
        assertThat(json(second)).isEqualTo(json("{\"$version\":3}"));

        TwinState twin = service.twin(device.id());
        assertThat(twin.reportedVersion()).isEqualTo(3);
        assertThat(json(twin.reported()))
                .isEqualTo(json("{\"fw\":\"1.0\",\"net\":{\"ip\":\"10.0.0.3\"},\"tags\":[1,2]}"));
        JsonObject fetched = json(device.twinGet("g1"));
        assertThat(fetched.getAsJsonObject("reported"))
                .isEqualTo(json("{\"fw\":\"1.0\",\"net\":{\"ip\":\"10.0.0.3\"},\"tags\":[1,2],\"$version\":3}"));
    }

    @Test
    void numbersAreKeptExactlyAsTheDeviceWroteThem() throws Exception {
        TestDevice device = device("numbers");
        String patch = "{\"big\":123456789012345678901234567890,\"frac\":1.50,\"huge\":1e999999999,\"neg\":-0.0}";
        assertThat(device.report("n", patch).status()).isEqualTo(200);
        assertThat(service.twin(device.id()).reported()).isEqualTo(patch);
        assertThat(device.twinGet("g").text()).contains("123456789012345678901234567890", "1.50", "1e999999999");
    }

    @Test
    void anEmptyReportedPatchStillCountsAsAChange() throws Exception {
        TestDevice device = device("empty");
        assertThat(json(device.report("r1", "{}"))).isEqualTo(json("{\"$version\":2}"));
    }

    @Test
    void reportedPatchOf8192BytesIsAcceptedAndOneByteMoreIsAnswered413AndNotMerged() throws Exception {
        TestDevice device = device("size");
        String prefix = "{\"blob\":\"";
        String suffix = "\"}";
        String exact = prefix + "x".repeat(8192 - prefix.length() - suffix.length()) + suffix;
        assertThat(exact.length()).isEqualTo(8192);
        assertThat(device.report("ok", exact).status()).isEqualTo(200);

        String over = prefix + "y".repeat(8193 - prefix.length() - suffix.length()) + suffix;
        Received refused = device.report("big", over);
        assertThat(refused.status()).isEqualTo(413);
        assertThat(json(refused).get("error").getAsString()).contains("8193 bytes");
        assertThat(service.twin(device.id()).reportedVersion()).isEqualTo(2);
        assertThat(service.twin(device.id()).reported()).doesNotContain("yyy");
    }

    static Stream<Arguments> badPatches() {
        return Stream.of(
                Arguments.of("array", TestDevice.utf8("[1,2]"), "not a JSON object"),
                Arguments.of("string", TestDevice.utf8("\"text\""), "not a JSON object"),
                Arguments.of("empty payload", new byte[0], "payload is empty"),
                Arguments.of("syntax error", TestDevice.utf8("{\"a\":}"), "not valid JSON"),
                Arguments.of("lenient JSON", TestDevice.utf8("{a:'b'}"), "not valid JSON"),
                Arguments.of("NaN", TestDevice.utf8("{\"a\":NaN}"), "not valid JSON"),
                Arguments.of("trailing data", TestDevice.utf8("{\"a\":1} {\"b\":2}"), "after the JSON object"),
                Arguments.of("not UTF-8", new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '"', '}'}, "not UTF-8"),
                Arguments.of("reserved name", TestDevice.utf8("{\"$version\":99}"), "reserved"),
                Arguments.of("reserved nested name", TestDevice.utf8("{\"a\":{\"$b\":1}}"), "reserved"),
                Arguments.of("duplicate name", TestDevice.utf8("{\"a\":1,\"a\":2}"), "appears twice"),
                Arguments.of("11 levels", TestDevice.utf8(nested(11)), "deeper than 10"),
                Arguments.of("array depth", TestDevice.utf8("{\"a\":" + "[".repeat(10) + "]".repeat(10) + "}"),
                        "deeper than 10"),
                Arguments.of("hostile depth", TestDevice.utf8("{\"a\":" + "[".repeat(8000) + "}"), "deeper than 10"));
    }

    /** {"a":{"a":...{}}} with {@code levels} objects in all. */
    static String nested(int levels) {
        return "{\"a\":".repeat(levels - 1) + "{}" + "}".repeat(levels - 1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badPatches")
    void invalidReportedPatchIsAnswered400WithAReasonAndNotMerged(String name, byte[] patch, String reason)
            throws Exception {
        TestDevice device = device("bad");
        Received refused = device.report("b1", patch);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(json(refused).get("error").getAsString()).contains(reason);
        assertThat(service.twin(device.id()).reportedVersion()).isEqualTo(1);
    }

    @Test
    void patchNestedExactly10LevelsDeepIsAccepted() throws Exception {
        TestDevice device = device("deep");
        assertThat(device.report("d10", nested(10)).status()).isEqualTo(200);
    }

    @Test
    void updateDesiredReachesTheDeviceWithTheSameVersionInTopicAndBody() throws Exception {
        TestDevice device = onlineDevice("desired");
        long version = service.updateDesired(device.id(), "{\"interval\":10,\"mode\":{\"a\":1}}");
        assertThat(version).isEqualTo(2);

        Received patch = device.await("desired patch 2", r -> r.topic().equals(device.topic("twin/desired/2")));
        assertThat(json(patch)).isEqualTo(json("{\"interval\":10,\"mode\":{\"a\":1},\"$version\":2}"));

        long next = service.updateDesired(device.id(), "{\"interval\":null,\"mode\":{\"b\":2}}");
        assertThat(next).isEqualTo(3);
        Received deletion = device.await("desired patch 3", r -> r.topic().equals(device.topic("twin/desired/3")));
        assertThat(json(deletion)).as("the patch as given, with null for deleted members")
                .isEqualTo(json("{\"interval\":null,\"mode\":{\"b\":2},\"$version\":3}"));

        JsonObject desired = json(device.twinGet("g")).getAsJsonObject("desired");
        assertThat(desired).isEqualTo(json("{\"mode\":{\"a\":1,\"b\":2},\"$version\":3}"));
    }

    @Test
    void updateDesiredRefusesPatchesThatBreakTheRules() {
        assertThatThrownBy(() -> service.updateDesired("gw", "[1]")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> service.updateDesired("gw", "{\"$version\":5}")).hasMessageContaining("reserved");
        assertThatThrownBy(() -> service.updateDesired("gw", nested(11))).hasMessageContaining("deeper than 10");
        assertThatThrownBy(() -> service.updateDesired("a/b", "{}")).hasMessageContaining("device id");
        assertThat(service.twin("gw").desiredVersion()).isEqualTo(1);
    }

    @Test
    void rawDesiredPatchCarriesAnyVersionAndLeavesTheStoredTwinAlone() throws Exception {
        TestDevice device = onlineDevice("raw");
        service.updateDesired(device.id(), "{\"x\":1}");
        service.publishDesiredPatchRaw(device.id(), "{\"x\":0}", 1);

        Received stale = device.await("stale patch", r -> r.topic().equals(device.topic("twin/desired/1")));
        assertThat(json(stale)).isEqualTo(json("{\"x\":0,\"$version\":1}"));
        TwinState twin = service.twin(device.id());
        assertThat(twin.desiredVersion()).isEqualTo(2);
        assertThat(json(twin.desired())).isEqualTo(json("{\"x\":1}"));
    }

    @Test
    void twinChangeListenerSeesReportedMergesAndDesiredUpdates() throws Exception {
        BlockingQueue<TwinState> changes = new LinkedBlockingQueue<>();
        ListenerRegistration registration = service.onTwinChange(changes::add);
        try {
            TestDevice device = device("listener");
            device.report("r1", "{\"a\":1}");
            service.updateDesired(device.id(), "{\"b\":2}");
            TwinState first = changes.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            TwinState second = changes.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(first).isNotNull();
            assertThat(first.reportedVersion()).isEqualTo(2);
            assertThat(second).isNotNull();
            assertThat(second.desiredVersion()).isEqualTo(2);
        } finally {
            registration.close();
        }
    }
}
