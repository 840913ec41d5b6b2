package io.dmkit.core.internal.twin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.dmkit.api.TwinUpdate;
import org.junit.jupiter.api.Test;

class DeliveredTwinTest {

    private static JsonObject object(String json) {
        return JsonParser.parseString(json).getAsJsonObject();
    }

    @Test
    void completeTwinNeedsADesiredVersion() {
        DeliveredTwin twin = new DeliveredTwin();
        assertThatThrownBy(() -> twin.replace("{\"desired\":{}}")).hasMessageContaining("$version");
        assertThatThrownBy(() -> twin.replace("[1]")).hasMessageContaining("not a JSON object");
        TwinUpdate complete = twin.replace("{\"desired\":{\"a\":1,\"$version\":4}}");
        assertThat(complete.kind()).isEqualTo(TwinUpdate.Kind.COMPLETE);
        assertThat(complete.version()).isEqualTo(4);
        assertThat(complete.json()).contains("\"reported\":{}");
    }

    @Test
    void desiredPatchAndAcceptedReportedChangeTheDocument() {
        DeliveredTwin twin = new DeliveredTwin();
        twin.replace("{\"desired\":{\"a\":1,\"$version\":4},\"reported\":{\"r\":1,\"$version\":2}}");
        TwinUpdate partial = twin.applyDesired(object("{\"a\":2}"), 5);
        assertThat(partial.kind()).isEqualTo(TwinUpdate.Kind.PARTIAL);
        assertThat(partial.json()).isEqualTo("{\"a\":2,\"$version\":5}");
        twin.applyReported(object("{\"r\":null,\"s\":true}"), 3);
        assertThat(twin.complete().json())
                .isEqualTo("{\"desired\":{\"a\":2,\"$version\":5},\"reported\":{\"$version\":3,\"s\":true}}");
    }

    @Test
    void aVersionIsAnIntegerDollarVersionMember() {
        assertThat(DeliveredTwin.version(object("{\"$version\":7}"))).isEqualTo(7);
        assertThat(DeliveredTwin.version(object("{\"$version\":\"7\"}"))).isEqualTo(-1);
        assertThat(DeliveredTwin.version(object("{}"))).isEqualTo(-1);
        assertThat(DeliveredTwin.version(null)).isEqualTo(-1);
    }
}
