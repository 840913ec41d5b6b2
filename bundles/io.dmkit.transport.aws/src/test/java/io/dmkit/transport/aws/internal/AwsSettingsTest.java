package io.dmkit.transport.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dmkit.api.InvalidConfigurationException;
import io.dmkit.api.SessionConfig;
import io.dmkit.pki.KeyKind;
import io.dmkit.pki.LocalPki;
import io.dmkit.transport.aws.protocol.ShadowKey;
import io.dmkit.transport.mqtt.ConnectSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AwsSettingsTest {

    @TempDir
    Path dir;

    private AwsSettings settings(SessionConfig.Builder b) {
        return AwsSettings.from(b.build());
    }

    @Test
    void defaultsAreMutualTlsOn8883WithTheThingNameAsClientIdAndTheClassicShadow() {
        AwsSettings s = settings(TestThings.session(dir, "gw-1"));

        assertThat(s.serverUri()).isEqualTo("ssl://example-ats.iot.eu-west-1.amazonaws.com:8883");
        assertThat(s.usesAlpn()).isFalse();
        assertThat(s.clientId).isEqualTo("gw-1");
        assertThat(s.shadow).isEqualTo(ShadowKey.classic("gw-1"));
        assertThat(s.telemetryTopic).isEqualTo("dt/gw-1/messages");
        ConnectSettings connect = s.connectSettings();
        assertThat(connect.clientId()).isEqualTo("gw-1");
        assertThat(connect.verifyHostname()).isTrue();
        assertThat(connect.username()).as("the certificate authenticates").isNull();
        assertThat(connect.keepAliveSeconds()).isEqualTo(60);
    }

    @Test
    void port443MeansAlpnAndOtherPortsAreTakenAsGiven() {
        assertThat(settings(TestThings.session(dir, "gw-1").port(443)).usesAlpn()).isTrue();
        AwsSettings emulator = settings(TestThings.session(dir, "gw-1").host("localhost").port(18883));
        assertThat(emulator.usesAlpn()).isFalse();
        assertThat(emulator.serverUri()).isEqualTo("ssl://localhost:18883");
        assertThat(settings(TestThings.session(dir, "gw-1").host("::1").port(8883)).serverUri())
                .isEqualTo("ssl://[::1]:8883");
    }

    @Test
    void subscriptionsNameEachShadowTopicExactlyThenTheCommandTopics() {
        AwsSettings s = settings(TestThings.session(dir, "gw-1").option(AwsSettings.SHADOW_NAME.id(), "config"));

        assertThat(s.shadow).isEqualTo(ShadowKey.named("gw-1", "config"));
        assertThat(s.subscriptions()).containsExactly(
                "$aws/things/gw-1/shadow/name/config/get/accepted",
                "$aws/things/gw-1/shadow/name/config/get/rejected",
                "$aws/things/gw-1/shadow/name/config/update/accepted",
                "$aws/things/gw-1/shadow/name/config/update/rejected",
                "$aws/things/gw-1/shadow/name/config/update/delta",
                "$aws/commands/things/gw-1/executions/+/request/json",
                "$aws/commands/things/gw-1/executions/+/response/rejected/json");
        assertThat(s.subscriptions()).as("AWS allows 8 filters per SUBSCRIBE").hasSizeLessThanOrEqualTo(8);
        assertThat(s.connectSettings().subscriptions()).isEqualTo(s.subscriptions());
    }

    @Test
    void clientIdAndTelemetryTopicCanBeConfigured() {
        AwsSettings s = settings(TestThings.session(dir, "gw-1").option(AwsSettings.CLIENT_ID.id(), "gw-1-main")
                .option(AwsSettings.TELEMETRY_TOPIC.id(), "plant/{id}/data"));

        assertThat(s.clientId).isEqualTo("gw-1-main");
        assertThat(s.telemetryTopic).isEqualTo("plant/gw-1/data");
    }

    @Test
    void thingNameIsRequiredAndMustBeAValidAwsThingName() {
        assertThatThrownBy(() -> settings(TestThings.session(dir, "gw-1").deviceId(null)))
                .isInstanceOfSatisfying(InvalidConfigurationException.class,
                        e -> assertThat(e.attribute()).isEqualTo(SessionConfig.DEVICE_ID.id()));
        assertThatThrownBy(() -> settings(TestThings.session(dir, "gw-1").deviceId("gw/1")))
                .isInstanceOfSatisfying(InvalidConfigurationException.class,
                        e -> assertThat(e.getMessage()).contains("not a valid AWS IoT thing name"));
        assertThatThrownBy(() -> settings(TestThings.session(dir, "gw-1").deviceId("t".repeat(129))))
                .isInstanceOf(InvalidConfigurationException.class);
    }

    @Test
    void certificateAndKeyAreRequiredAndMustBelongTogether() {
        assertThatThrownBy(() -> settings(TestThings.session(dir, "gw-1").cert(null)))
                .isInstanceOfSatisfying(InvalidConfigurationException.class,
                        e -> assertThat(e.attribute()).isEqualTo(SessionConfig.CERT.id()));
        assertThatThrownBy(() -> settings(TestThings.session(dir, "gw-1").key(null)))
                .isInstanceOfSatisfying(InvalidConfigurationException.class,
                        e -> assertThat(e.attribute()).isEqualTo(SessionConfig.KEY.id()));
        String otherKey = LocalPki.openOrCreate(dir, "aws test CA").client("other", KeyKind.EC_PKCS8).key().toString();
        assertThatThrownBy(() -> settings(TestThings.session(dir, "gw-1").key(otherKey)))
                .isInstanceOfSatisfying(InvalidConfigurationException.class,
                        e -> assertThat(e.attribute()).isEqualTo(SessionConfig.KEY.id()));
    }

    @Test
    void everyKeyFormatIsAccepted() {
        LocalPki pki = LocalPki.openOrCreate(dir, "aws test CA");
        for (KeyKind kind : KeyKind.values()) {
            var c = pki.client("gw-" + kind.ordinal(), kind);
            assertThat(settings(TestThings.session(dir, "gw-1").cert(c.cert().toString()).key(c.keyPem())).identity
                    .key().getAlgorithm()).isEqualTo(kind.algorithm());
        }
    }

    @Test
    void rootCaIsOptionalBecauseTheJdkTrustsAmazonRootCa1() {
        assertThat(settings(TestThings.session(dir, "gw-1").rootCa(null)).socketFactory()).isNotNull();
        assertThatThrownBy(() -> settings(TestThings.session(dir, "gw-1").rootCa(dir.resolve("missing.pem").toString())))
                .isInstanceOfSatisfying(InvalidConfigurationException.class,
                        e -> assertThat(e.attribute()).isEqualTo(SessionConfig.ROOT_CA.id()));
    }

    @Test
    void unusableOptionsAreNamed() {
        assertThatThrownBy(() -> settings(TestThings.session(dir, "gw-1").option(AwsSettings.SHADOW_NAME.id(), "bad name")))
                .isInstanceOfSatisfying(InvalidConfigurationException.class,
                        e -> assertThat(e.attribute()).isEqualTo(AwsSettings.SHADOW_NAME.id()));
        assertThatThrownBy(() -> settings(TestThings.session(dir, "gw-1")
                .option(AwsSettings.TELEMETRY_TOPIC.id(), "$aws/things/{id}/x")))
                .isInstanceOfSatisfying(InvalidConfigurationException.class,
                        e -> assertThat(e.attribute()).isEqualTo(AwsSettings.TELEMETRY_TOPIC.id()));
        assertThatThrownBy(() -> settings(TestThings.session(dir, "gw-1").option(AwsSettings.CLIENT_ID.id(), "c".repeat(129))))
                .isInstanceOfSatisfying(InvalidConfigurationException.class,
                        e -> assertThat(e.attribute()).isEqualTo(AwsSettings.CLIENT_ID.id()));
        assertThatThrownBy(() -> settings(TestThings.session(dir, "gw-1").keepAliveSeconds(1201)))
                .isInstanceOfSatisfying(InvalidConfigurationException.class,
                        e -> assertThat(e.attribute()).isEqualTo(SessionConfig.KEEPALIVE.id()));
    }

    @Test
    void theKeyAppearsInNoMessageOrDescription() throws Exception {
        var c = LocalPki.openOrCreate(dir, "aws test CA").client("gw-1", KeyKind.RSA_PKCS1);
        String keyPem = Files.readString(c.key());
        String keyLine = keyPem.lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();
        AwsSettings s = settings(TestThings.session(dir, "gw-1").cert(c.cert().toString()).key(keyPem));

        assertThat(s.toString()).doesNotContain(keyLine);
        assertThat(s.connectSettings().toString()).doesNotContain(keyLine);
        assertThat(s.identity.toString()).doesNotContain(keyLine);
        Throwable refused = org.assertj.core.api.Assertions.catchThrowable(() -> settings(TestThings.session(dir, "gw-1")
                .cert(LocalPki.openOrCreate(dir, "aws test CA").client("x", KeyKind.EC_PKCS8).cert().toString())
                .key(keyPem)));
        assertThat(refused).isInstanceOf(InvalidConfigurationException.class);
        assertThat(refused.getMessage()).doesNotContain(keyLine);
    }
}
