package io.dmkit.transport.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ShadowTwinTest {

    private static JsonObject json(String text) {
        return JsonParser.parseString(text).getAsJsonObject();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void getAcceptedBecomesTheTwinWithTheShadowVersionInBothSections() {
        String twin = ShadowTwin.twin(bytes("{\"state\":{\"desired\":{\"rate\":5,\"cfg\":{\"a\":1}},\"reported\":"
                + "{\"rate\":4},\"delta\":{\"rate\":5}},\"metadata\":{\"desired\":{\"rate\":{\"timestamp\":1}}},"
                + "\"version\":12,\"timestamp\":1700000000,\"clientToken\":\"c1\"}"));

        assertThat(json(twin)).isEqualTo(json("{\"desired\":{\"rate\":5,\"cfg\":{\"a\":1},\"$version\":12},"
                + "\"reported\":{\"rate\":4,\"$version\":12}}"));
    }

    @Test
    void missingSectionsAreEmptyAndAMissingShadowIsTheEmptyTwinAtVersionZero() {
        assertThat(json(ShadowTwin.twin(bytes("{\"state\":{\"reported\":{\"x\":1}},\"version\":3}"))))
                .isEqualTo(json("{\"desired\":{\"$version\":3},\"reported\":{\"x\":1,\"$version\":3}}"));
        assertThat(json(ShadowTwin.emptyTwin())).isEqualTo(json("{\"desired\":{\"$version\":0},"
                + "\"reported\":{\"$version\":0}}"));
    }

    @Test
    void documentWithoutAVersionIsUnusable() {
        assertThatThrownBy(() -> ShadowTwin.twin(bytes("{\"state\":{}}"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("version");
        assertThatThrownBy(() -> ShadowTwin.twin(bytes("[1]"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ShadowTwin.twin(bytes("{\"version\":-1}"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void deltaBecomesADesiredPatchAtTheShadowVersion() {
        ShadowTwin.DesiredPatch patch = ShadowTwin.desiredPatch(bytes("{\"state\":{\"rate\":5,\"cfg\":{\"b\":2}},"
                + "\"metadata\":{\"rate\":{\"timestamp\":1}},\"version\":13,\"timestamp\":1700000001}"));

        assertThat(patch.version()).isEqualTo(13);
        assertThat(json(patch.json())).isEqualTo(json("{\"rate\":5,\"cfg\":{\"b\":2},\"$version\":13}"));
        assertThatThrownBy(() -> ShadowTwin.desiredPatch(bytes("{\"version\":13}")))
                .hasMessageContaining("\"state\"");
    }

    @Test
    void reportedPatchBecomesAnUpdateCorrelatedByClientToken() {
        byte[] update = ShadowTwin.reportedUpdate(bytes("{\"fw\":\"1.2\",\"gone\":null}"), "tok-1");

        assertThat(json(new String(update, StandardCharsets.UTF_8))).isEqualTo(json("{\"state\":{\"reported\":"
                + "{\"fw\":\"1.2\",\"gone\":null}},\"clientToken\":\"tok-1\"}"));
    }

    @Test
    void topLevelVersionOfAReportedPatchBecomesTheOptimisticLock() {
        byte[] update = ShadowTwin.reportedUpdate(bytes("{\"$version\":7,\"fw\":\"1.2\"}"), "tok-2");

        assertThat(json(new String(update, StandardCharsets.UTF_8))).isEqualTo(json("{\"state\":{\"reported\":"
                + "{\"fw\":\"1.2\"}},\"version\":7,\"clientToken\":\"tok-2\"}"));
        assertThatThrownBy(() -> ShadowTwin.reportedUpdate(bytes("{\"$version\":\"7\"}"), "t"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ShadowTwin.reportedUpdate(bytes("{\"$version\":1.5}"), "t"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void getRequestCarriesOnlyTheClientToken() {
        assertThat(new String(ShadowTwin.getRequest("tok-3"), StandardCharsets.UTF_8))
                .isEqualTo("{\"clientToken\":\"tok-3\"}");
    }
}
