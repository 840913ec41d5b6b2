package io.dmkit.transport.azure.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class AzureTopicsTest {

    @Test
    void devicesSubscribeToDesiredPatchesFirstThenTwinResponsesThenMethods() {
        assertThat(AzureTopics.deviceSubscriptions()).containsExactly("$iothub/twin/PATCH/properties/desired/#",
                "$iothub/twin/res/#", "$iothub/methods/POST/#");
    }

    @Test
    void buildsTheDocumentedTopics() {
        assertThat(AzureTopics.twinGet("r1")).isEqualTo("$iothub/twin/GET/?$rid=r1");
        assertThat(AzureTopics.twinReported("r2")).isEqualTo("$iothub/twin/PATCH/properties/reported/?$rid=r2");
        assertThat(AzureTopics.methodResponse(200, "7")).isEqualTo("$iothub/methods/res/200/?$rid=7");
        assertThat(AzureTopics.twinResponse(204, "r2", OptionalLong.of(5)))
                .isEqualTo("$iothub/twin/res/204/?$rid=r2&$version=5");
        assertThat(AzureTopics.twinResponse(200, "r1", OptionalLong.empty())).isEqualTo("$iothub/twin/res/200/?$rid=r1");
        assertThat(AzureTopics.desiredPatch(9)).isEqualTo("$iothub/twin/PATCH/properties/desired/?$version=9");
        assertThat(AzureTopics.methodRequest("reboot", "1a")).isEqualTo("$iothub/methods/POST/reboot/?$rid=1a");
        Map<String, String> props = new LinkedHashMap<>();
        props.put("$.ct", "application/json");
        props.put("unit", "°C");
        assertThat(AzureTopics.telemetry("dev-1", props))
                .isEqualTo("devices/dev-1/messages/events/$.ct=application%2Fjson&unit=%C2%B0C");
        assertThat(AzureTopics.telemetry("dev-1", Map.of())).isEqualTo("devices/dev-1/messages/events/");
    }

    @Test
    void parsesWhatTheHubSendsTheDevice() {
        AzureTopic response = AzureTopics.parse("$iothub/twin/res/204/?$rid=r2&$version=5");
        assertThat(response.kind()).isEqualTo(AzureTopic.Kind.TWIN_RESPONSE);
        assertThat(response.status()).hasValue(204);
        assertThat(response.rid()).hasValue("r2");
        assertThat(response.version()).hasValue(5);

        AzureTopic get = AzureTopics.parse("$iothub/twin/res/200/?$rid=r1");
        assertThat(get.version()).isEmpty();

        AzureTopic patch = AzureTopics.parse("$iothub/twin/PATCH/properties/desired/?$version=12");
        assertThat(patch.kind()).isEqualTo(AzureTopic.Kind.DESIRED_PATCH);
        assertThat(patch.version()).hasValue(12);

        AzureTopic method = AzureTopics.parse("$iothub/methods/POST/set-interval/?$rid=3f");
        assertThat(method.kind()).isEqualTo(AzureTopic.Kind.METHOD_REQUEST);
        assertThat(method.methodName()).hasValue("set-interval");
        assertThat(method.rid()).hasValue("3f");
    }

    @Test
    void parsesWhatTheDeviceSendsTheHub() {
        assertThat(AzureTopics.parse(AzureTopics.twinGet("a")).kind()).isEqualTo(AzureTopic.Kind.TWIN_GET);
        assertThat(AzureTopics.parse(AzureTopics.twinReported("b")).rid()).hasValue("b");
        AzureTopic reply = AzureTopics.parse(AzureTopics.methodResponse(504, "c"));
        assertThat(reply.kind()).isEqualTo(AzureTopic.Kind.METHOD_RESPONSE);
        assertThat(reply.status()).hasValue(504);
        AzureTopic telemetry = AzureTopics.parse("devices/dev-1/messages/events/a=1&$.ct=text%2Fplain");
        assertThat(telemetry.kind()).isEqualTo(AzureTopic.Kind.TELEMETRY);
        assertThat(telemetry.deviceId()).hasValue("dev-1");
        assertThat(telemetry.properties()).containsEntry("a", "1").containsEntry("$.ct", "text/plain");
    }

    @Test
    void requestIdsThatNeedEscapingRoundTrip() {
        String rid = "a&b=c d";
        assertThat(AzureTopics.parse(AzureTopics.methodRequest("m", rid)).rid()).hasValue(rid);
        assertThat(AzureTopics.parse(AzureTopics.twinResponse(200, rid, OptionalLong.of(1))).rid()).hasValue(rid);
    }

    @Test
    void refusesTopicsThatAreNotTheHubsOrLackTheirFields() {
        assertThatThrownBy(() -> AzureTopics.parse("$iothub/twin/res/200/")).hasMessageContaining("$rid");
        assertThatThrownBy(() -> AzureTopics.parse("$iothub/twin/res/ok/?$rid=1")).hasMessageContaining("status");
        assertThatThrownBy(() -> AzureTopics.parse("$iothub/twin/res/200/?$rid=1&$version=x"))
                .hasMessageContaining("$version");
        assertThatThrownBy(() -> AzureTopics.parse("$iothub/twin/PATCH/properties/desired/"))
                .hasMessageContaining("$version");
        assertThatThrownBy(() -> AzureTopics.parse("$iothub/methods/POST//?$rid=1")).hasMessageContaining("malformed");
        assertThatThrownBy(() -> AzureTopics.parse("$iothub/methods/POST/a/b/?$rid=1")).hasMessageContaining("malformed");
        assertThatThrownBy(() -> AzureTopics.parse("$iothub/methods/POST/m/?$rid=%zz"))
                .hasMessageContaining("percent");
        assertThatThrownBy(() -> AzureTopics.parse("devices/a/b/messages/events/")).isInstanceOf(
                IllegalArgumentException.class);
        assertThatThrownBy(() -> AzureTopics.parse("dm/anything")).hasMessageContaining("not a topic");
    }
}
