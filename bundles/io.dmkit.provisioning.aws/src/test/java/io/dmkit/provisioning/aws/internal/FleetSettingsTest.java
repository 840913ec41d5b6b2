package io.dmkit.provisioning.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonParser;
import io.dmkit.api.InvalidConfigurationException;
import io.dmkit.api.SessionConfig;
import io.dmkit.api.Setting;
import io.dmkit.transport.mqtt.ConnectSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FleetSettingsTest {

    @TempDir
    Path dir;

    @Test
    void aClaimAndATemplateAreEnoughAndTheKeysAreMadeOnTheGatewayByDefault() {
        FleetSettings s = FleetSettings.from(TestClaims.session(dir).build());
        assertThat(s.template).isEqualTo("factory");
        assertThat(s.keys).isEqualTo(KeySource.CSR);
        assertThat(s.parameters.size()).isZero();
        assertThat(s.createTopic()).isEqualTo("$aws/certificates/create-from-csr/json");
        assertThat(s.toString()).isEqualTo("AWS IoT fleet provisioning at " + TestClaims.ENDPOINT
                + " (template factory, keys csr, claim CN=claim,O=dmkit tests)");
    }

    @Test
    void theClaimConnectionSubscribesToTheAnswersOfBothRequestsOnly() {
        ConnectSettings csr = FleetSettings.from(TestClaims.session(dir).build()).connectSettings("c");
        assertThat(csr.serverUri()).isEqualTo("ssl://" + TestClaims.ENDPOINT + ":8883");
        assertThat(csr.subscriptions()).containsExactly("$aws/certificates/create-from-csr/json/accepted",
                "$aws/certificates/create-from-csr/json/rejected",
                "$aws/provisioning-templates/factory/provision/json/accepted",
                "$aws/provisioning-templates/factory/provision/json/rejected");
        ConnectSettings keys = FleetSettings.from(TestClaims.session(dir).option(FleetSettings.KEYS.id(), "AWS")
                .port(443).build()).connectSettings("c");
        assertThat(keys.serverUri()).isEqualTo("ssl://" + TestClaims.ENDPOINT + ":443");
        assertThat(keys.subscriptions()).startsWith("$aws/certificates/create/json/accepted",
                "$aws/certificates/create/json/rejected");
    }

    @Test
    void parametersAreAJsonObjectOfStrings() {
        FleetSettings s = FleetSettings.from(TestClaims.session(dir)
                .option(FleetSettings.PARAMETERS.id(), "{\"SerialNumber\":\"123\",\"Model\":\"x\"}").build());
        assertThat(s.parameters).isEqualTo(JsonParser.parseString("{\"SerialNumber\":\"123\",\"Model\":\"x\"}"));
        assertThat(problem(FleetSettings.PARAMETERS, "{\"SerialNumber\":123}")).hasValueSatisfying(p ->
                assertThat(p).contains("'SerialNumber' is not a string"));
        assertThat(problem(FleetSettings.PARAMETERS, "[\"a\"]")).hasValueSatisfying(p ->
                assertThat(p).isEqualTo("aws.provisioning.parameters: the value is not a JSON object but an "
                        + "array; give a JSON object of strings, such as {\"SerialNumber\":\"123\"}"));
        assertThat(problem(FleetSettings.PARAMETERS, "{\"a\":\"1\",\"a\":\"2\"}")).isPresent();
        assertThat(problem(FleetSettings.PARAMETERS, "{\"a\":{\"b\":\"c\"}}")).isPresent();
        assertThatThrownBy(() -> FleetSettings.from(TestClaims.session(dir)
                .option(FleetSettings.PARAMETERS.id(), "{\"SerialNumber\":1}").build()))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("aws.provisioning.parameters");
    }

    @Test
    void templateNamesAndKeySourcesAreChecked() {
        assertThat(problem(FleetSettings.TEMPLATE, "factory_line-2")).isEmpty();
        assertThat(problem(FleetSettings.TEMPLATE, "a/b")).hasValueSatisfying(p ->
                assertThat(p).contains("is not a provisioning template name"));
        assertThat(problem(FleetSettings.TEMPLATE, "x".repeat(37))).isPresent();
        assertThatThrownBy(() -> FleetSettings.KEYS.parse("tpm")).hasMessageContaining("csr, aws");
    }

    @Test
    void theTemplateNamesTheThingSoDeviceIdMustBeEmpty() {
        assertThatThrownBy(() -> FleetSettings.from(TestClaims.session(dir).deviceId("thing-1").build()))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("device.id").hasMessageContaining("the provisioning template names the thing");
    }

    @Test
    void theClaimCertificateItsKeyAndTheEndpointAreRequired() {
        assertThatThrownBy(() -> FleetSettings.from(TestClaims.session(dir).cert(null).build()))
                .hasMessageContaining("cert").hasMessageContaining("claim certificate");
        assertThatThrownBy(() -> FleetSettings.from(TestClaims.session(dir).key(null).build()))
                .hasMessageContaining("key").hasMessageContaining("private key");
        assertThatThrownBy(() -> FleetSettings.from(TestClaims.session(dir).host(null).build()))
                .hasMessageContaining("host").hasMessageContaining("device data endpoint");
        var other = TestClaims.pki(dir).client("other", io.dmkit.pki.KeyKind.EC_PKCS8);
        assertThatThrownBy(() -> FleetSettings.from(TestClaims.session(dir).key(other.key().toString()).build()))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("does not belong");
    }

    @Test
    void theClaimKeyIsNeverShown() throws Exception {
        SessionConfig config = TestClaims.session(dir).option(FleetSettings.PARAMETERS.id(),
                "{\"SerialNumber\":\"secret-ish-123\"}").build();
        String key = java.nio.file.Files.readString(Path.of(config.key().orElseThrow()), StandardCharsets.US_ASCII);
        String shown = FleetSettings.from(config).toString();
        assertThat(shown).doesNotContain(key.lines().skip(1).findFirst().orElseThrow()).doesNotContain("secret-ish");
    }

    @Test
    void theClaimClientIdIsTheSessionNameAndARandomPartWithinAwsLimits() {
        String id = FleetClient.clientId("s".repeat(64));
        assertThat(id).matches("s{64}-fleet-[0-9a-f]{16}");
        assertThat(id.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(128);
        assertThat(FleetClient.clientId("line-1")).isNotEqualTo(FleetClient.clientId("line-1"));
    }

    private static Optional<String> problem(Setting<String> setting, String value) {
        try {
            setting.check(value);
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of(e.getMessage());
        }
    }
}
