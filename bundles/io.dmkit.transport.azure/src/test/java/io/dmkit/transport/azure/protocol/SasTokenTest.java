package io.dmkit.transport.azure.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class SasTokenTest {

    /** base64 of "dmkit-sas-test-key-0123456789abc". */
    private static final String KEY = "ZG1raXQtc2FzLXRlc3Qta2V5LTAxMjM0NTY3ODlhYmM=";
    private static final String OTHER_KEY = "b3RoZXIta2V5LW9mLWFub3RoZXItZGV2aWNlLTAwMA==";
    private static final String RESOURCE = "myhub.azure-devices.net/devices/device1";

    /**
     * Computed independently of this code, with OpenSSL:
     * {@code printf 'myhub.azure-devices.net%2Fdevices%2Fdevice1\n1456971697' | openssl dgst -sha256 -mac HMAC
     * -macopt hexkey:<hex of the key> -binary | base64}.
     */
    private static final String OPENSSL_VECTOR = "SharedAccessSignature sr=myhub.azure-devices.net%2Fdevices%2Fdevice1"
            + "&sig=9R2ARZlwmbA5duZI1Mch9J3TTGNlDmqsQIw68mrtxvg%3D&se=1456971697";

    @Test
    void signsLikeTheDocumentedRecipeComputedByOpenSsl() {
        assertThat(SasToken.create(RESOURCE, KEY, Instant.ofEpochSecond(1456971697))).isEqualTo(OPENSSL_VECTOR);
    }

    /**
     * The group-enrollment recipe computed with OpenSSL: {@code printf 'gw-001' | openssl dgst -sha256 -mac
     * HMAC -macopt hexkey:<hex of the key> -binary | base64}.
     */
    @Test
    void derivesAGroupMembersKeyLikeTheDocumentedRecipeComputedByOpenSsl() {
        assertThat(SasToken.derivedKey(KEY, "gw-001")).isEqualTo("PI3HzFVqeCeVRJ/srmB0so5MJJ0Z0KynQw1XO3xX0jk=");
    }

    /** The provisioning service's resource and key name, signed as OpenSSL signs it. */
    @Test
    void namesTheSigningKeyForTheProvisioningService() {
        assertThat(SasToken.create("0ne00000001/registrations/gw-001", KEY, Instant.ofEpochSecond(1456971697),
                "registration")).isEqualTo("SharedAccessSignature sr=0ne00000001%2Fregistrations%2Fgw-001"
                        + "&sig=eEEQoQl9rMH%2FYMMvk4DfyWJO2YQWIniY%2BX%2FotYWEOTM%3D&se=1456971697&skn=registration");
    }

    @Test
    void derivingFromAKeyThatIsNotBase64SaysSoWithoutRepeatingIt() {
        assertThatThrownBy(() -> SasToken.derivedKey("not base64 secret!", "gw-001"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("secret");
    }

    @Test
    void truncatesTheExpiryToWholeSeconds() {
        assertThat(SasToken.create(RESOURCE, KEY, Instant.ofEpochSecond(1456971697, 999_000_000)))
                .isEqualTo(OPENSSL_VECTOR);
    }

    @Test
    void parsedTokenNamesItsResourceExpiryAndVerifiesOnlyWithItsKey() {
        SasToken token = SasToken.parse(OPENSSL_VECTOR);
        assertThat(token.resource()).isEqualTo(RESOURCE);
        assertThat(token.expiry()).isEqualTo(Instant.ofEpochSecond(1456971697));
        assertThat(token.policy()).isEmpty();
        assertThat(token.signedWith(KEY)).isTrue();
        assertThat(token.signedWith(OTHER_KEY)).isFalse();
        assertThat(token.signedWith("not base64!")).isFalse();
    }

    @Test
    void aTamperedExpiryBreaksTheSignature() {
        String tampered = OPENSSL_VECTOR.replace("se=1456971697", "se=1456971698");
        assertThat(SasToken.parse(tampered).signedWith(KEY)).isFalse();
    }

    @Test
    void namesTheDeviceWithoutCaseButNotAPrefixOrAnotherDevice() {
        SasToken token = SasToken.parse(SasToken.create("Hub.Example/devices/Dev-1", KEY, Instant.now()));
        assertThat(token.namesDevice("dev-1")).isTrue();
        assertThat(token.namesDevice("v-1")).isFalse();
        assertThat(token.namesDevice("dev-2")).isFalse();
        assertThat(SasToken.parse(SasToken.create("/devices/dev-1", KEY, Instant.now())).namesDevice("dev-1"))
                .as("a resource without a host").isFalse();
    }

    @Test
    void fieldsMayComeInAnyOrderWithAPolicyName() {
        SasToken token = SasToken.parse("SharedAccessSignature se=10&skn=device&sig=AAAA&sr=h%2Fdevices%2Fd");
        assertThat(token.resource()).isEqualTo("h/devices/d");
        assertThat(token.policy()).hasValue("device");
        assertThat(token.expiry()).isEqualTo(Instant.ofEpochSecond(10));
    }

    @Test
    void malformedTokensAreRefusedWithReasonsThatDoNotRepeatThem() {
        String secretSig = "c2VjcmV0LXNpZ25hdHVyZS12YWx1ZQ%3D%3D";
        assertThatThrownBy(() -> SasToken.parse("Bearer abc")).hasMessageContaining("not a SAS token");
        assertThatThrownBy(() -> SasToken.parse("SharedAccessSignature sr=a&sig=" + secretSig))
                .hasMessageContaining("'se'").message().doesNotContain(secretSig);
        assertThatThrownBy(() -> SasToken.parse("SharedAccessSignature sr=a&se=x&sig=" + secretSig))
                .hasMessageContaining("not a number").message().doesNotContain(secretSig);
        assertThatThrownBy(() -> SasToken.parse("SharedAccessSignature sr=a&se=1&sig=%%%" + secretSig))
                .message().doesNotContain(secretSig);
        assertThatThrownBy(() -> SasToken.parse("SharedAccessSignature sr=a&se=1&se=2&sig=" + secretSig))
                .hasMessageContaining("repeats");
        assertThatThrownBy(() -> SasToken.parse("SharedAccessSignature sr=a&se=1&" + secretSig))
                .message().doesNotContain(secretSig);
    }

    @Test
    void keyProblemsAreNamedWithoutTheKey() {
        assertThat(SasToken.keyProblem(KEY)).isEmpty();
        assertThat(SasToken.keyProblem("  " + KEY + "\n")).as("white space around it").isEmpty();
        String notBase64 = "this-is-my-secret-password!";
        assertThat(SasToken.keyProblem(notBase64)).hasValueSatisfying(p -> assertThat(p).contains("not base64")
                .doesNotContain(notBase64));
        assertThat(SasToken.keyProblem("")).isPresent();
        assertThatThrownBy(() -> SasToken.create(RESOURCE, notBase64, Instant.now()))
                .message().doesNotContain(notBase64);
    }

    @Test
    void toStringShowsResourceAndExpiryButNoSignature() {
        assertThat(SasToken.parse(OPENSSL_VECTOR).toString()).contains(RESOURCE).doesNotContain("9R2ARZ");
    }

    @Test
    void deviceResourceIsHubHostDevicesDeviceId() {
        assertThat(SasToken.deviceResource("h.azure-devices.net", "d1")).isEqualTo("h.azure-devices.net/devices/d1");
    }
}
