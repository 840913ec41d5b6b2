package io.dmkit.transport.thingspro.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ThingsProTopicsTest {

    private final ThingsProTopics topics = ThingsProTopics.withDefaultRoot();

    private ThingsProTopic parsed(String topic) {
        TopicParseResult result = topics.parse(topic);
        assertThat(result.rejection()).as("rejection of %s", topic).isEmpty();
        return result.topic().orElseThrow();
    }

    @Test
    void buildsEveryTopicOfTheSpecUnderTheDefaultRoot() {
        assertThat(topics.root()).isEqualTo("dm");
        assertThat(topics.status("gw1")).isEqualTo("dm/gw1/status");
        assertThat(topics.messages("gw1")).isEqualTo("dm/gw1/messages");
        assertThat(topics.messages("gw1", Map.of())).isEqualTo("dm/gw1/messages");
        assertThat(topics.messages("gw1", Map.of("unit", "°C"))).isEqualTo("dm/gw1/messages/unit=%C2%B0C");
        assertThat(topics.twinGet("gw1", "r1")).isEqualTo("dm/gw1/twin/get/r1");
        assertThat(topics.twinReported("gw1", "r2")).isEqualTo("dm/gw1/twin/reported/r2");
        assertThat(topics.twinResponse("gw1", 200, "r1")).isEqualTo("dm/gw1/twin/res/200/r1");
        assertThat(topics.twinDesired("gw1", 7)).isEqualTo("dm/gw1/twin/desired/7");
        assertThat(topics.commandRequest("gw1", "reboot", "c1")).isEqualTo("dm/gw1/commands/req/reboot/c1");
        assertThat(topics.commandRequest("gw1", "reboot", "c1", 30_000))
                .isEqualTo("dm/gw1/commands/req/reboot/c1/30000");
        assertThat(topics.commandResponse("gw1", 504, "c1")).isEqualTo("dm/gw1/commands/res/504/c1");
    }

    @Test
    void buildsTopicsUnderAMultiLevelRoot() {
        ThingsProTopics custom = new ThingsProTopics("acme/dm");
        assertThat(custom.status("gw1")).isEqualTo("acme/dm/gw1/status");
        assertThat(custom.parse("acme/dm/gw1/status").topic()).hasValue(parsed("dm/gw1/status"));
        assertThat(custom.parse("dm/gw1/status").isValid()).isFalse();
    }

    @Test
    void deviceSubscribesToDesiredPatchesFirstThenTwinResponsesThenCommands() {
        assertThat(topics.deviceSubscriptions("gw1"))
                .containsExactly("dm/gw1/twin/desired/+", "dm/gw1/twin/res/+/+", "dm/gw1/commands/req/#");
    }

    @Test
    void serviceSubscribesToEveryDeviceTopicWithoutOverlappingFilters() {
        assertThat(topics.serviceSubscriptions()).containsExactly("dm/+/status", "dm/+/messages/#",
                "dm/+/twin/get/+", "dm/+/twin/reported/+", "dm/+/commands/res/+/+");
    }

    @Test
    void eachSideSubscriptionsMatchExactlyOnceEveryTopicTheOtherSideSends() {
        List<String> deviceSends = List.of(topics.status("gw1"), topics.messages("gw1"),
                topics.messages("gw1", Map.of("a", "1")), topics.twinGet("gw1", "r"), topics.twinReported("gw1", "r"),
                topics.commandResponse("gw1", 200, "r"));
        List<String> serviceSends = List.of(topics.twinResponse("gw1", 200, "r"), topics.twinDesired("gw1", 2),
                topics.commandRequest("gw1", "n", "r"), topics.commandRequest("gw1", "n", "r", 5));
        for (String topic : deviceSends) {
            assertThat(topics.serviceSubscriptions().stream().filter(f -> MqttFilter.matches(f, topic)))
                    .as("service filters matching %s", topic).hasSize(1);
            assertThat(topics.deviceSubscriptions("gw1").stream().filter(f -> MqttFilter.matches(f, topic)))
                    .as("device filters matching its own %s", topic).isEmpty();
        }
        for (String topic : serviceSends) {
            assertThat(topics.deviceSubscriptions("gw1").stream().filter(f -> MqttFilter.matches(f, topic)))
                    .as("device filters matching %s", topic).hasSize(1);
            assertThat(topics.deviceSubscriptions("gw2").stream().filter(f -> MqttFilter.matches(f, topic)))
                    .as("another device's filters matching %s", topic).isEmpty();
            assertThat(topics.serviceSubscriptions().stream().filter(f -> MqttFilter.matches(f, topic)))
                    .as("service filters matching its own %s", topic).isEmpty();
        }
    }

    @Test
    void parsesEveryBuiltTopicBackToItsFields() {
        ThingsProTopic status = parsed(topics.status("gw1"));
        assertThat(status.kind()).isEqualTo(TopicKind.STATUS);
        assertThat(status.deviceId()).isEqualTo("gw1");

        ThingsProTopic plain = parsed(topics.messages("gw1"));
        assertThat(plain.kind()).isEqualTo(TopicKind.MESSAGE);
        assertThat(plain.properties()).isEmpty();

        ThingsProTopic get = parsed(topics.twinGet("gw1", "r1"));
        assertThat(get.kind()).isEqualTo(TopicKind.TWIN_GET);
        assertThat(get.rid()).isEqualTo("r1");

        ThingsProTopic reported = parsed(topics.twinReported("gw1", "r2"));
        assertThat(reported.kind()).isEqualTo(TopicKind.TWIN_REPORTED);
        assertThat(reported.rid()).isEqualTo("r2");

        ThingsProTopic res = parsed(topics.twinResponse("gw1", 429, "r3"));
        assertThat(res.kind()).isEqualTo(TopicKind.TWIN_RESPONSE);
        assertThat(res.status()).isEqualTo(429);
        assertThat(res.rid()).isEqualTo("r3");

        ThingsProTopic desired = parsed(topics.twinDesired("gw1", Long.MAX_VALUE));
        assertThat(desired.kind()).isEqualTo(TopicKind.TWIN_DESIRED);
        assertThat(desired.version()).isEqualTo(Long.MAX_VALUE);

        ThingsProTopic req = parsed(topics.commandRequest("gw1", "set-config", "c9"));
        assertThat(req.kind()).isEqualTo(TopicKind.COMMAND_REQUEST);
        assertThat(req.commandName()).isEqualTo("set-config");
        assertThat(req.rid()).isEqualTo("c9");
        assertThat(req.timeoutMs()).isEmpty();

        ThingsProTopic timed = parsed(topics.commandRequest("gw1", "set-config", "c9", 1500));
        assertThat(timed.timeoutMs()).isEqualTo(OptionalLong.of(1500));

        ThingsProTopic reply = parsed(topics.commandResponse("gw1", 0, "c9"));
        assertThat(reply.kind()).isEqualTo(TopicKind.COMMAND_RESPONSE);
        assertThat(reply.status()).isZero();
        assertThat(reply.rid()).isEqualTo("c9");
    }

    @Test
    void roundTripsMessagePropertiesInOrderThroughTheTopic() {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("z/last", "a&b=c");
        props.put("unit", "°C");
        props.put("empty", "");
        props.put("sp ace", "1 + 1 # 2");
        String topic = topics.messages("gw1", props);
        ThingsProTopic message = parsed(topic);
        assertThat(message.kind()).isEqualTo(TopicKind.MESSAGE);
        assertThat(message.properties()).containsExactlyEntriesOf(props);
    }

    @Test
    void roundTripsUnicodeDeviceIdsAndCommandNames() {
        ThingsProTopic req = parsed(topics.commandRequest("网关-1", "重启", "r1", 10));
        assertThat(req.deviceId()).isEqualTo("网关-1");
        assertThat(req.commandName()).isEqualTo("重启");
    }

    @Test
    void parsedValuesAreEqualWhenTheTopicsAreEqual() {
        assertThat(parsed("dm/gw1/twin/res/200/r1")).isEqualTo(parsed("dm/gw1/twin/res/200/r1"))
                .hasSameHashCodeAs(parsed("dm/gw1/twin/res/200/r1"))
                .isNotEqualTo(parsed("dm/gw1/twin/res/201/r1"));
    }

    @Test
    void askingForAFieldTheKindDoesNotHaveIsAProgrammingError() {
        ThingsProTopic status = parsed("dm/gw1/status");
        assertThatThrownBy(status::rid).isInstanceOf(IllegalStateException.class).hasMessageContaining("STATUS");
        assertThatThrownBy(status::status).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(status::version).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(status::commandName).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(status::timeoutMs).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(status::properties).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void validResultsExposeDeviceKindAndRidLikeRejectedOnesDo() {
        TopicParseResult result = topics.parse("dm/gw1/twin/get/r5");
        assertThat(result.isValid()).isTrue();
        assertThat(result.deviceId()).hasValue("gw1");
        assertThat(result.kind()).hasValue(TopicKind.TWIN_GET);
        assertThat(result.rid()).hasValue("r5");
        assertThat(topics.parse("dm/gw1/status").rid()).isEmpty();
    }

    @Test
    void buildersRejectInvalidIdentifiersAndNumbers() {
        assertThatThrownBy(() -> topics.status("a/b")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("device id");
        assertThatThrownBy(() -> topics.twinGet("gw1", "bad rid")).hasMessageContaining("request id");
        assertThatThrownBy(() -> topics.commandRequest("gw1", "a+b", "r1")).hasMessageContaining("command name");
        assertThatThrownBy(() -> topics.twinResponse("gw1", -1, "r1")).hasMessageContaining("negative");
        assertThatThrownBy(() -> topics.commandResponse("gw1", -500, "r1")).hasMessageContaining("negative");
        assertThatThrownBy(() -> topics.twinDesired("gw1", 0)).hasMessageContaining("version must be at least 1");
        assertThatThrownBy(() -> topics.commandRequest("gw1", "n", "r1", 0)).hasMessageContaining("timeoutMs");
    }

    @Test
    void messagesRefusesABagThatWouldMakeTheTopicLongerThanMqttAllows() {
        Map<String, String> huge = Map.of("k", "€".repeat(8000)); // 9 bytes encoded each: 72000 bytes
        assertThatThrownBy(() -> topics.messages("gw1", huge)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("65535");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/dm", "dm/", "dm//x", "$SYS", "dm/+", "dm/#", "d\u0000m"})
    void rejectsInvalidTopicRoots(String root) {
        assertThatThrownBy(() -> new ThingsProTopics(root)).isInstanceOf(IllegalArgumentException.class);
    }
}
