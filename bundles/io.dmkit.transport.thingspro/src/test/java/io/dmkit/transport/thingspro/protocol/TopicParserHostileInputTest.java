package io.dmkit.transport.thingspro.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.dmkit.wire.text.Printable;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Topics from the network are hostile: every one gets a verdict with a reason, none an exception. */
class TopicParserHostileInputTest {

    private final ThingsProTopics topics = ThingsProTopics.withDefaultRoot();

    private void assertRejected(String topic, String reasonFragment) {
        TopicParseResult result = topics.parse(topic);
        assertThat(result.isValid()).as("valid: %s", topic).isFalse();
        assertThat(result.topic()).isEmpty();
        assertThat(result.rejection()).hasValueSatisfying(r -> assertThat(r).contains(reasonFragment));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dm", "dm/", "dm/gw1", "dm/gw1/twin", "dm/gw1/twin/get", "dm/gw1/twin/reported",
            "dm/gw1/twin/res/200", "dm/gw1/twin/desired", "dm/gw1/commands", "dm/gw1/commands/req/reboot",
            "dm/gw1/commands/res/200"})
    void rejectsTopicsWithTooFewLevels(String topic) {
        TopicParseResult result = topics.parse(topic);
        assertThat(result.isValid()).isFalse();
        assertThat(result.rejection()).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dm/gw1/status/x", "dm/gw1/messages/a=1/b=2", "dm/gw1/twin/get/r1/x",
            "dm/gw1/twin/reported/r1/x", "dm/gw1/twin/res/200/r1/x", "dm/gw1/twin/desired/3/x",
            "dm/gw1/commands/res/200/r1/x"})
    void rejectsTopicsWithAnExtraLevelAndStillNamesTheDeviceAndKind(String topic) {
        assertRejected(topic, "does not have the shape");
        assertThat(topics.parse(topic).deviceId()).hasValue("gw1");
        assertThat(topics.parse(topic).kind()).isPresent();
    }

    @Test
    void rejectsTopicsWithMoreLevelsThanAnyProtocolTopicWithoutSplittingThemAll() {
        assertRejected("dm/gw1/commands/req/reboot/r1/100/x", "more levels");
        assertRejected("dm/" + "x/".repeat(30_000), "more levels");
    }

    static Stream<Arguments> badNumbers() {
        return Stream.of(
                Arguments.of("dm/gw1/twin/res/abc/r1", "status"),
                Arguments.of("dm/gw1/twin/res/-1/r1", "status"),
                Arguments.of("dm/gw1/twin/res/0200/r1", "status"),
                Arguments.of("dm/gw1/twin/res/2OO/r1", "status"),
                Arguments.of("dm/gw1/twin/res/ 200/r1", "status"),
                Arguments.of("dm/gw1/twin/res/\u0662\u0660\u0660/r1", "status"), // Arabic-Indic "200"
                Arguments.of("dm/gw1/commands/res/1000000000/r1", "status"),
                Arguments.of("dm/gw1/commands/res//r1", "status"),
                Arguments.of("dm/gw1/twin/desired/0", "version"),
                Arguments.of("dm/gw1/twin/desired/-3", "version"),
                Arguments.of("dm/gw1/twin/desired/007", "version"),
                Arguments.of("dm/gw1/twin/desired/1e3", "version"),
                Arguments.of("dm/gw1/twin/desired/0x10", "version"),
                Arguments.of("dm/gw1/twin/desired/9223372036854775808", "version"),
                Arguments.of("dm/gw1/twin/desired/99999999999999999999", "version"),
                Arguments.of("dm/gw1/twin/desired/", "version"),
                Arguments.of("dm/gw1/commands/req/reboot/r1/0", "timeout"),
                Arguments.of("dm/gw1/commands/req/reboot/r1/-5", "timeout"),
                Arguments.of("dm/gw1/commands/req/reboot/r1/1.5", "timeout"),
                Arguments.of("dm/gw1/commands/req/reboot/r1/9223372036854775808", "timeout"));
    }

    @ParameterizedTest
    @MethodSource("badNumbers")
    void rejectsNumbersThatAreNotCanonicalDecimalsInRange(String topic, String field) {
        assertRejected(topic, field);
    }

    @Test
    void aBadStatusOrTimeoutStillIdentifiesTheRequestSoItCanBeAnswered() {
        TopicParseResult badStatus = topics.parse("dm/gw1/commands/res/OK/c7");
        assertThat(badStatus.kind()).hasValue(TopicKind.COMMAND_RESPONSE);
        assertThat(badStatus.deviceId()).hasValue("gw1");
        assertThat(badStatus.rid()).hasValue("c7");

        TopicParseResult badTimeout = topics.parse("dm/gw1/commands/req/reboot/c8/soon");
        assertThat(badTimeout.kind()).hasValue(TopicKind.COMMAND_REQUEST);
        assertThat(badTimeout.rid()).hasValue("c8");

        TopicParseResult badName = topics.parse("dm/gw1/commands/req/" + "n".repeat(129) + "/c9");
        assertThat(badName.rejection()).hasValueSatisfying(r -> assertThat(r).contains("command name"));
        assertThat(badName.rid()).hasValue("c9");
    }

    @Test
    void aMalformedPropertyBagIsRejectedButAttributedToTheDevice() {
        TopicParseResult result = topics.parse("dm/gw1/messages/a=1&a=2");
        assertThat(result.isValid()).isFalse();
        assertThat(result.kind()).hasValue(TopicKind.MESSAGE);
        assertThat(result.deviceId()).hasValue("gw1");
        assertThat(result.rejection()).hasValueSatisfying(r -> assertThat(r).contains("repeats the key"));
    }

    @Test
    void anEmptyBagLevelMeansNoProperties() {
        TopicParseResult result = topics.parse("dm/gw1/messages/");
        assertThat(result.topic()).hasValueSatisfying(t -> assertThat(t.properties()).isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dm/gw1/twin/get/bad.rid", "dm/gw1/twin/get/", "dm/gw1/twin/reported/r 1",
            "dm/gw1/twin/res/200/ä", "dm/gw1/commands/res/200/x.y"})
    void rejectsInvalidRequestIds(String topic) {
        assertRejected(topic, "request id");
        assertThat(topics.parse(topic).rid()).isEmpty();
    }

    @Test
    void rejectsOverlongTopicsAndIdentifiers() {
        assertRejected("dm/gw1/messages/a=" + "x".repeat(65_535), "longer than 65535 bytes");
        assertRejected("dm/gw1/messages/a=" + "€".repeat(21_840), "longer than 65535 bytes"); // chars < limit, bytes over
        assertRejected("dm/" + "d".repeat(129) + "/status", "longer than 128");
        assertRejected("dm/gw1/twin/get/" + "r".repeat(65), "request id is 65 characters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dm/gw\u00001/status", "dm/gw1/twin/get/r\n1", "dm/gw1/commands/req/re\u0085boot/r1",
            "dm/gw1/messages/a=\u007F", "dm/gw1/status\r"})
    void rejectsControlCharactersAnywhere(String topic) {
        assertRejected(topic, "control character");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dm/+/status", "dm/#", "dm/gw1/twin/res/+/r1", "dm/gw1/messages/a=1+1",
            "dm/gw1/commands/req/#"})
    void rejectsWildcardsWhichNoTopicNameCanContain(String topic) {
        assertRejected(topic, "wildcard");
    }

    @Test
    void rejectsUnpairedSurrogates() {
        assertRejected("dm/gw\uD800/status", "unpaired surrogate");
    }

    @ParameterizedTest
    @ValueSource(strings = {"other/gw1/status", "dmx/gw1/status", "DM/gw1/status", "/dm/gw1/status", "$SYS/broker"})
    void rejectsTopicsOutsideTheRoot(String topic) {
        assertRejected(topic, "not under the topic root");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dm/gw1/foo", "dm/gw1/twin/patch/r1", "dm/gw1/commands/ask/x/y", "dm//status"})
    void rejectsTopicsTheProtocolDoesNotHave(String topic) {
        assertThat(topics.parse(topic).isValid()).isFalse();
        assertThat(topics.parse(topic).rejection()).isPresent();
    }

    @Test
    void rejectsNullWithoutThrowing() {
        assertRejected(null, "missing");
    }

    @Test
    void quotesHostileInputInReasonsSoItCannotForgeLogLines() {
        TopicParseResult result = topics.parse("dm/gw1/nope\nINFO fake");
        assertThat(result.rejection()).hasValueSatisfying(r -> assertThat(r).doesNotContain("\n"));
    }

    @Test
    void neverThrowsOnArbitraryInput() {
        java.util.Random random = new java.util.Random(42);
        String alphabet = "dm/gw1twinresgetreporteddesiredcommandsreqstatusmessages0123456789+#%&=\u0000\uD800€ ";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder b = new StringBuilder(random.nextBoolean() ? "dm/gw1/" : "");
            int length = random.nextInt(40);
            for (int j = 0; j < length; j++) {
                b.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String topic = b.toString();
            assertThatCode(() -> {
                TopicParseResult r = topics.parse(topic);
                assertThat(r.isValid()).isNotEqualTo(r.rejection().isPresent());
            }).as("parse(%s)", Printable.quote(topic)).doesNotThrowAnyException();
        }
    }
}
