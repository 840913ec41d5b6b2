package io.dmkit.provisioning.azure.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dmkit.api.InvalidConfigurationException;
import io.dmkit.api.SessionConfig;
import io.dmkit.pki.ClientCredentials;
import io.dmkit.pki.KeyKind;
import io.dmkit.pki.LocalPki;
import io.dmkit.transport.azure.protocol.SasToken;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DpsSettingsTest {

    /** base64 of "dmkit-sas-test-key-0123456789abc". */
    static final String KEY = "ZG1raXQtc2FzLXRlc3Qta2V5LTAxMjM0NTY3ODlhYmM=";

    @TempDir
    Path tmp;

    static SessionConfig.Builder dps() {
        return SessionConfig.builder("gw").cloudType("azure").option("azure.dps.id.scope", "0ne00000001");
    }

    private static void assertRefused(SessionConfig config, String attribute, String text) {
        assertThatThrownBy(() -> DpsSettings.from(config)).isInstanceOfSatisfying(InvalidConfigurationException.class,
                e -> assertThat(e.attribute()).isEqualTo(attribute)).hasMessageContaining(text)
                .hasMessageNotContaining(KEY);
    }

    @Test
    void anIndividualKeySignsTheRegistrationsTokenAndStaysTheHubKey() {
        DpsSettings s = DpsSettings.from(dps().option("azure.dps.registration.id", "gw-001").key(KEY).build());

        char[] password = s.connectSettings(Instant.ofEpochSecond(1456968097)).password();
        assertThat(SasToken.parse(new String(password)).signedWith(KEY)).isTrue();
        assertThat(new String(password)).contains("sr=0ne00000001%2Fregistrations%2Fgw-001").endsWith("&skn=registration");
        assertThat(s.keyForHub()).isEmpty();
        assertThat(s.serverUri()).isEqualTo("ssl://global.azure-devices-provisioning.net:8883");
        assertThat(s.connectSettings(Instant.now()).username()).isEqualTo("0ne00000001/registrations/gw-001/api-version=2019-03-31");
        assertThat(s.toString()).doesNotContain(KEY).contains("registration gw-001", "symmetric key");
    }

    @Test
    void aGroupKeyDerivesTheDevicesKeyWhichTheHubConnectionUsesToo() {
        DpsSettings s = DpsSettings.from(dps().option("azure.dps.registration.id", "gw-001")
                .option("azure.dps.group.key", KEY).option("azure.dps.endpoint", "localhost:18883").build());

        String derived = SasToken.derivedKey(KEY, "gw-001");
        assertThat(s.keyForHub()).contains(derived);
        assertThat(SasToken.parse(new String(s.connectSettings(Instant.now()).password())).signedWith(derived)).isTrue();
        assertThat(s.serverUri()).isEqualTo("ssl://localhost:18883");
        assertThat(s.toString()).doesNotContain(KEY).doesNotContain(derived);
    }

    @Test
    void aCertificateRegistersUnderItsCommonNameWithoutAPassword() {
        ClientCredentials device = LocalPki.create(tmp).client("gw-x509", KeyKind.EC_PKCS8);
        DpsSettings s = DpsSettings.from(dps().cert(device.cert().toString()).key(device.key().toString()).build());

        assertThat(s.registrationId).isEqualTo("gw-x509");
        assertThat(s.connectSettings(Instant.now()).password()).isNull();
        assertRefused(dps().cert(device.cert().toString()).key(device.key().toString())
                .option("azure.dps.registration.id", "other").build(), "azure.dps.registration.id", "common name");
    }

    @Test
    void settingsDpsAssignsAreRefusedNamingThem() {
        assertRefused(dps().host("hub.example").key(KEY).option("azure.dps.registration.id", "a").build(), "host",
                "assigns the IoT hub");
        assertRefused(dps().deviceId("d").key(KEY).option("azure.dps.registration.id", "a").build(), "device.id",
                "assigns the device id");
        assertRefused(dps().option("azure.connection.string", "HostName=h;DeviceId=d;SharedAccessKey=" + KEY)
                .key(KEY).option("azure.dps.registration.id", "a").build(), "azure.connection.string", "assigns");
    }

    @Test
    void aMissingOrDoubleCredentialIsRefusedNamingWhatToSet() {
        assertRefused(dps().option("azure.dps.registration.id", "a").build(), "key", "azure.dps.group.key");
        assertRefused(dps().key(KEY).build(), "azure.dps.registration.id", "is required");
        assertRefused(dps().option("azure.dps.registration.id", "a").key(KEY).option("azure.dps.group.key", KEY)
                .build(), "azure.dps.group.key", "not both");
        assertRefused(dps().option("azure.dps.registration.id", "a").key("not base64!").build(), "key", "not base64");
        assertRefused(dps().option("azure.dps.registration.id", "a").key("SharedAccessSignature sr=x&sig=y&se=1")
                .build(), "key", "SAS token");
    }

    @Test
    void optionsAreCheckedByTheirDeclarations() {
        assertThatThrownBy(() -> DpsSettings.ID_SCOPE.check("0ne/../x")).hasMessageContaining("not a DPS id scope");
        assertThatThrownBy(() -> DpsSettings.REGISTRATION_ID.check("ends.with.dot."))
                .hasMessageContaining("not a DPS registration id");
        assertThatThrownBy(() -> DpsSettings.ENDPOINT.check("https://x")).hasMessageContaining("host:port");
        assertThatThrownBy(() -> DpsSettings.PAYLOAD.check("[1]")).hasMessageContaining("not a JSON object");
        assertThat(DpsSettings.GROUP_KEY.isSecret()).isTrue();
    }

    @Test
    void thePayloadIsSentWithTheRegistration() {
        DpsSettings s = DpsSettings.from(dps().option("azure.dps.registration.id", "gw-001").key(KEY)
                .option("azure.dps.payload", "{\"site\":\"north\"}").build());
        assertThat(new String(DpsAnswer.registration(s)))
                .isEqualTo("{\"registrationId\":\"gw-001\",\"payload\":{\"site\":\"north\"}}");
    }
}
