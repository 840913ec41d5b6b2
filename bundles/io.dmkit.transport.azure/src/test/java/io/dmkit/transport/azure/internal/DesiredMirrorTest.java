package io.dmkit.transport.azure.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

class DesiredMirrorTest {

    private static String twin(String desired, long version) {
        JsonObject section = JsonParser.parseString(desired).getAsJsonObject();
        section.addProperty("$version", version);
        JsonObject doc = new JsonObject();
        doc.add("desired", section);
        doc.add("reported", JsonParser.parseString("{\"$version\":1}"));
        return doc.toString();
    }

    @Test
    void theFirstTwinGivesNoPatchAndLaterOnesGiveWhatChanged() {
        DesiredMirror mirror = new DesiredMirror();
        assertThat(mirror.isKnown()).isFalse();
        assertThat(mirror.adopt(twin("{\"a\":1,\"b\":2}", 3))).isEmpty();
        assertThat(mirror.isKnown()).isTrue();
        DesiredMirror.Patch patch = mirror.adopt(twin("{\"a\":5,\"c\":1}", 6)).orElseThrow();
        assertThat(patch.version()).isEqualTo(6);
        assertThat(JsonParser.parseString(patch.json()))
                .isEqualTo(JsonParser.parseString("{\"b\":null,\"a\":5,\"c\":1,\"$version\":6}"));
    }

    @Test
    void patchesHandedOnKeepTheCopyCurrentSoTheNextTwinOnlyShowsWhatWasMissed() {
        DesiredMirror mirror = new DesiredMirror();
        mirror.adopt(twin("{\"a\":1}", 1));
        mirror.apply("{\"b\":2,\"$version\":2}", 2);
        // version 3 was made while reconnecting and never arrived
        assertThat(mirror.adopt(twin("{\"a\":1,\"b\":2,\"c\":3}", 3)).orElseThrow().json())
                .isEqualTo("{\"c\":3,\"$version\":3}");
    }

    @Test
    void aTwinThatIsNotNewerOrIdenticalGivesNothing() {
        DesiredMirror mirror = new DesiredMirror();
        mirror.adopt(twin("{\"a\":1}", 4));
        assertThat(mirror.adopt(twin("{\"a\":9}", 4))).isEmpty();
        assertThat(mirror.adopt(twin("{\"a\":9}", 3))).isEmpty();
        assertThat(mirror.adopt(twin("{\"a\":1}", 5))).as("newer but equal").isEmpty();
        assertThat(mirror.version()).isEqualTo(5);
    }

    @Test
    void patchesBeforeTheFirstTwinApplyOnceItComesIfNewer() {
        DesiredMirror mirror = new DesiredMirror();
        mirror.apply("{\"x\":1,\"$version\":5}", 5);
        mirror.apply("{\"y\":1,\"$version\":7}", 7);
        mirror.adopt(twin("{\"x\":1}", 5));
        assertThat(mirror.version()).isEqualTo(7);
        assertThat(mirror.adopt(twin("{\"x\":1,\"y\":1,\"z\":1}", 8)).orElseThrow().json())
                .isEqualTo("{\"z\":1,\"$version\":8}");
    }

    @Test
    void resetForgetsEverything() {
        DesiredMirror mirror = new DesiredMirror();
        mirror.adopt(twin("{\"a\":1}", 4));
        mirror.reset();
        assertThat(mirror.isKnown()).isFalse();
        assertThat(mirror.adopt(twin("{\"a\":2}", 2))).isEmpty();
        assertThat(mirror.version()).isEqualTo(2);
    }

    @Test
    void unusableTwinsAreIgnored() {
        DesiredMirror mirror = new DesiredMirror();
        assertThat(mirror.adopt("{\"reported\":{}}")).isEmpty();
        assertThat(mirror.adopt("not json")).isEmpty();
        assertThat(mirror.isKnown()).isFalse();
    }
}
