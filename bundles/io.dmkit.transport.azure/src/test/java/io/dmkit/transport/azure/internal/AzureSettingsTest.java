package io.dmkit.transport.azure.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dmkit.api.InvalidConfigurationException;
import io.dmkit.api.SessionConfig;
import io.dmkit.pki.ClientCredentials;
import io.dmkit.pki.KeyKind;
import io.dmkit.pki.LocalPki;
import io.dmkit.transport.azure.protocol.SasToken;
import io.dmkit.transport.mqtt.ConnectSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AzureSettingsTest {

    private static final String KEY = "c2VjcmV0LWtleS1vZi1kZXZpY2UtMQ==";

    @TempDir
    Path dir;

    private static SessionConfig.Builder azure(String host) {
        return SessionConfig.builder("s").cloudType("azure").host(host);
    }

    private static SessionConfig.Builder connectionString(String connectionString) {
        return SessionConfig.builder("s").cloudType("azure").option("azure.connection.string", connectionString);
    }

    @Test
    void hubHostDeviceIdAndKeyGiveMqttOverTlsOn8883WithRenewableSasTokens() {
        AzureSettings s = AzureSettings.from(azure("myhub.azure-devices.net").deviceId("dev-1").key(KEY).build());
        assertThat(s.serverUri()).isEqualTo("ssl://myhub.azure-devices.net:8883");
        assertThat(s.hubHost).isEqualTo("myhub.azure-devices.net");
        assertThat(s.deviceId).isEqualTo("dev-1");
        assertThat(s.credential).isInstanceOf(SymmetricKeyCredential.class);
        assertThat(s.credential.renewable()).isTrue();
        assertThat(s.sasLifetime).isEqualTo(Duration.ofHours(1));
        IssuedToken token = s.credential.token(Instant.ofEpochSecond(1000)).orElseThrow();
        assertThat(token.expiry()).isEqualTo(Instant.ofEpochSecond(4600));
        SasToken parsed = SasToken.parse(token.value());
        assertThat(parsed.resource()).isEqualTo("myhub.azure-devices.net/devices/dev-1");
        assertThat(parsed.signedWith(KEY)).isTrue();
        ConnectSettings connect = s.connectSettings(token.value());
        assertThat(connect.clientId()).isEqualTo("dev-1");
        assertThat(connect.subscriptions()).first().isEqualTo("$iothub/twin/PATCH/properties/desired/#");
        assertThat(connect.toString()).contains("user myhub.azure-devices.net/dev-1/?api-version=2021-04-12")
                .doesNotContain(token.value());
    }

    @Test
    void theIssuedTokensExpiryIsTheWholeSecondItsSeFieldSaysNotLater() {
        AzureSettings s = AzureSettings.from(azure("h").deviceId("d").key(KEY).build());
        IssuedToken token = s.credential.token(Instant.ofEpochSecond(1000, 900_000_000)).orElseThrow();
        assertThat(token.expiry()).isEqualTo(Instant.ofEpochSecond(4600));
        assertThat(SasToken.parse(token.value()).expiry()).isEqualTo(token.expiry());
    }

    @Test
    void webSocketUses443AndTheHubsPathAndAnExplicitPortWins() {
        AzureSettings ws = AzureSettings.from(azure("h.example").deviceId("d").key(KEY)
                .option("azure.websocket", "true").build());
        assertThat(ws.serverUri()).isEqualTo("wss://h.example:443/$iothub/websocket");
        AzureSettings tls = AzureSettings.from(azure("localhost").port(18883).deviceId("d").key(KEY).build());
        assertThat(tls.serverUri()).isEqualTo("ssl://localhost:18883");
    }

    @Test
    void aConnectionStringInHostGivesHubDeviceAndKey() {
        AzureSettings s = AzureSettings.from(connectionString("HostName=h.example;DeviceId=dev-9;SharedAccessKey=" + KEY)
                .build());
        assertThat(s.hubHost).isEqualTo("h.example");
        assertThat(s.deviceId).isEqualTo("dev-9");
        assertThat(SasToken.parse(s.credential.token(Instant.now()).orElseThrow().value()).signedWith(KEY)).isTrue();
    }

    @Test
    void gatewayHostNameIsWhereToConnectWhileTheHubNamesTheToken() {
        AzureSettings s = AzureSettings.from(connectionString("HostName=h.example;DeviceId=d;SharedAccessKey=" + KEY
                + ";GatewayHostName=edge.local").build());
        assertThat(s.serverUri()).isEqualTo("ssl://edge.local:8883");
        assertThat(SasToken.parse(s.credential.token(Instant.now()).orElseThrow().value()).resource())
                .isEqualTo("h.example/devices/d");
    }

    @Test
    void aDeviceIdThatContradictsTheConnectionStringIsRefused() {
        assertRefused(connectionString("HostName=h;DeviceId=a;SharedAccessKey=" + KEY).deviceId("b"), "device.id",
                "DeviceId");
        AzureSettings same = AzureSettings.from(connectionString("HostName=h;DeviceId=a;SharedAccessKey=" + KEY).deviceId("a")
                .build());
        assertThat(same.deviceId).isEqualTo("a");
        assertRefused(connectionString("HostName=h;DeviceId=a;SharedAccessKey=" + KEY).key("b3RoZXI="), "key", "one place");
    }

    @Test
    void aSasTokenInKeyOrTheConnectionStringIsUsedAsGivenAndCannotBeRenewed() {
        Instant expiry = Instant.now().plusSeconds(600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        String token = SasToken.create("h/devices/d", KEY, expiry);
        AzureSettings inKey = AzureSettings.from(azure("h").deviceId("d").key(token).build());
        assertThat(inKey.credential.renewable()).isFalse();
        assertThat(inKey.credential.token(Instant.now()).orElseThrow().value()).isEqualTo(token);
        assertThat(inKey.credential.token(Instant.now()).orElseThrow().expiry()).isEqualTo(expiry);
        AzureSettings inConnectionString = AzureSettings.from(
                connectionString("HostName=h;DeviceId=d;SharedAccessSignature=" + token).build());
        assertThat(inConnectionString.credential.unusableAt(Instant.now())).isEmpty();
        assertThat(inConnectionString.credential.unusableAt(expiry.plusSeconds(1))).hasValueSatisfying(why ->
                assertThat(why).contains("expired").contains("SharedAccessSignature").doesNotContain(token));
    }

    @Test
    void aTokenForAnotherDeviceOrNotATokenIsRefused() {
        String other = SasToken.create("h/devices/other", KEY, Instant.now().plusSeconds(60));
        assertRefused(azure("h").deviceId("d").key(other), "key", "not for device 'd'");
        assertRefused(azure("h").deviceId("d").key("SharedAccessSignature nonsense"), "key", "field");
    }

    @Test
    void aKeyThatIsNotBase64IsRefusedWithoutShowingIt() {
        String secret = "my plain password!";
        InvalidConfigurationException e = assertRefused(azure("h").deviceId("d").key(secret), "key", "not base64");
        assertThat(e.getMessage()).doesNotContain(secret);
    }

    @Test
    void requiresADeviceIdAndACredential() {
        assertRefused(azure("h").key(KEY), "device.id", "required");
        assertRefused(azure("h").deviceId("d"), "key", "required");
        assertRefused(azure("h").deviceId("bad/id").key(KEY), "device.id", "not an IoT Hub device id");
    }

    @Test
    void refusesHostsThatAreUrisOrCarryAPort() {
        assertRefused(azure("mqtts://h.example").deviceId("d").key(KEY), "host", "host name");
        assertRefused(azure("h.example:8883").deviceId("d").key(KEY), "host", "host name");
    }

    @Test
    void keepAliveIsAtMost1177Seconds() {
        assertThat(AzureSettings.from(azure("h").deviceId("d").key(KEY).keepAliveSeconds(1177).build())).isNotNull();
        assertRefused(azure("h").deviceId("d").key(KEY).keepAliveSeconds(1178), "keepalive", "1177");
    }

    @Test
    void sasLifetimeIsBetweenAMinuteAndAYear() {
        assertThat(AzureSettings.from(azure("h").deviceId("d").key(KEY).option("azure.sas.lifetime.seconds", "60")
                .build()).sasLifetime).isEqualTo(Duration.ofSeconds(60));
        assertRefused(azure("h").deviceId("d").key(KEY).option("azure.sas.lifetime.seconds", "59"),
                "azure.sas.lifetime.seconds", "60..31536000");
        assertRefused(azure("h").deviceId("d").key(KEY).option("azure.sas.lifetime.seconds", "soon"),
                "azure.sas.lifetime.seconds", "whole number");
    }

    @Test
    void testsMayAllowShorterLifetimesInCode() {
        SessionConfig eightSeconds = azure("h").deviceId("d").key(KEY).option("azure.sas.lifetime.seconds", "8").build();

        assertThat(AzureSettings.from(eightSeconds, AzureSettings.sasLifetime(5)).sasLifetime).isEqualTo(Duration.ofSeconds(8));
        assertThatThrownBy(() -> AzureSettings.from(eightSeconds)).hasMessageContaining("60..31536000");
    }

    @Test
    void aProxyNeedsWebSocketAndCarriesItsCredentialsWithoutShowingThePassword() {
        assertRefused(azure("h").deviceId("d").key(KEY).option("proxy.host", "proxy.lan"), "proxy.host", "WebSocket");
        AzureSettings s = AzureSettings.from(azure("h").deviceId("d").key(KEY).option("azure.websocket", "true")
                .option("proxy.host", "proxy.lan").option("proxy.port", "8080").option("proxy.user", "gw")
                .option("proxy.password", "pr0xy-s3cret").build());
        assertThat(s.proxy).hasValueSatisfying(p -> {
            assertThat(p.address()).isEqualTo("proxy.lan:8080");
            assertThat(p.user()).hasValue("gw");
        });
        assertThat(s.toString()).contains("proxy.lan:8080").doesNotContain("pr0xy-s3cret");
        assertRefused(azure("h").deviceId("d").key(KEY).option("azure.websocket", "true").option("proxy.host", "p")
                .option("proxy.password", "x"), "proxy.user", "required");
        assertRefused(azure("h").deviceId("d").key(KEY).option("azure.websocket", "yes"), "azure.websocket",
                "neither true nor false");
    }

    @Test
    void aClientCertificateAndItsKeyMakeAnX509DeviceWithItsThumbprint() {
        ClientCredentials creds = LocalPki.create(dir).client("dev-x", KeyKind.EC_PKCS8);
        AzureSettings s = AzureSettings.from(connectionString("HostName=h;DeviceId=dev-x;x509=true")
                .cert(creds.cert().toString()).key(creds.key().toString()).build());
        assertThat(s.credential).isInstanceOfSatisfying(X509Credential.class,
                c -> assertThat(c.sha256Thumbprint()).hasSize(64));
        assertThat(s.credential.token(Instant.now())).isEmpty();
        assertThat(s.credential.renewable()).isFalse();
        assertThat(s.connectSettings(null).toString()).doesNotContain("password");
        assertRefused(connectionString("HostName=h;DeviceId=dev-x;x509=true"), "cert", "required");
        assertRefused(connectionString("HostName=h;DeviceId=dev-x;x509=true").cert(creds.cert().toString()), "key", "required");
    }

    private static InvalidConfigurationException assertRefused(SessionConfig.Builder b, String attribute, String why) {
        try {
            AzureSettings.from(b.build());
        } catch (InvalidConfigurationException e) {
            assertThat(e.attribute()).isEqualTo(attribute);
            assertThat(e.getMessage()).contains(why);
            return e;
        }
        throw new AssertionError("accepted: " + b.build());
    }
}
