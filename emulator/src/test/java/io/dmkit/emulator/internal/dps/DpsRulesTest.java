package io.dmkit.emulator.internal.dps;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.azure.sdk.iot.provisioning.security.SecurityProviderSymmetricKey;
import io.dmkit.transport.azure.protocol.SasToken;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DPS's parsing, key derivation, persistence and attestation decisions, without a broker. */
class DpsRulesTest {

    private static final String KEY = "c2VjcmV0LWtleS1vZi1zaXh0ZWVuLWJ5dGVz";
    private static final String OTHER_KEY = "b3RoZXIta2V5LW9mLXNpeHRlZW4tYnl0ZXM=";
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void userNamesAreToldFromTheHubsAndParsed() {
        assertThat(DpsUserName.looksLikeDps("0ne00000001/registrations/gw-1/api-version=2019-03-31")).isTrue();
        assertThat(DpsUserName.looksLikeDps("localhost/registrations/?api-version=2021-04-12")).isFalse();
        assertThat(DpsUserName.looksLikeDps("localhost/gw-1/?api-version=2021-04-12")).isFalse();
        assertThat(DpsUserName.parse("0ne00000001/registrations/gw-1/api-version=2019-03-31&ClientVersion=2.1.3"))
                .contains(new DpsUserName("0ne00000001", "gw-1", "2019-03-31"));
        assertThat(DpsUserName.parse("0ne00000001/registrations/gw-1")).isEmpty();
    }

    @Test
    void derivedKeysAreMicrosoftsDerivation() throws Exception {
        String sdk = new String(SecurityProviderSymmetricKey.ComputeDerivedSymmetricKey(
                KEY.getBytes(StandardCharsets.UTF_8), "gw-7"), StandardCharsets.UTF_8);
        assertThat(SasToken.derivedKey(KEY, "gw-7")).isEqualTo(sdk);
    }

    @Test
    void topicsAreParsedAndAnswered() {
        DpsTopics.Request poll = DpsTopics.parse(
                "$dps/registrations/GET/iotdps-get-operationstatus/?$rid=7&operationId=4.ab.cd");
        assertThat(poll.kind()).isEqualTo(DpsTopics.Kind.OPERATION_STATUS);
        assertThat(poll.rid()).isEqualTo("7");
        assertThat(poll.operationId()).contains("4.ab.cd");
        assertThat(DpsTopics.parse("$dps/registrations/PUT/iotdps-register/?$rid=1").kind())
                .isEqualTo(DpsTopics.Kind.REGISTER);
        assertThat(DpsTopics.isRequest("$dps/registrations/PUT/other/?$rid=1")).isFalse();
        assertThat(DpsTopics.response(429, "3", OptionalLong.of(2)))
                .isEqualTo("$dps/registrations/res/429/?$rid=3&retry-after=2");
    }

    @Test
    void theIdScopeAndEnrollmentsSurviveAReopenInAnOwnerOnlyFile() throws Exception {
        Path file = dir.resolve("provisioning.json");
        ProvisioningStore store = ProvisioningStore.open(file);
        assertThat(store.idScope()).matches("0ne[0-9A-F]{8}");
        store.put(new Enrollment("Gw-1", "gw-1", true, AttestationType.SYMMETRIC_KEY, KEY, OTHER_KEY, null, null,
                null, "{\"a\":1}"));
        ProvisioningStore reopened = ProvisioningStore.open(file);
        assertThat(reopened.idScope()).isEqualTo(store.idScope());
        assertThat(reopened.enrollment("gw-1")).map(Enrollment::primaryKey).contains(KEY);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(reopened.enrollment("gw-1").orElseThrow().toString()).doesNotContain(KEY);
    }

    @Test
    void tokensAreJudgedAgainstTheEnrollmentOrTheGroups() {
        ProvisioningStore store = ProvisioningStore.open(dir.resolve("provisioning.json"));
        store.put(new Enrollment("gw-1", "hub-gw-1", true, AttestationType.SYMMETRIC_KEY, KEY, OTHER_KEY, null, null,
                null, null));
        store.put(new EnrollmentGroup("line", false, AttestationType.SYMMETRIC_KEY, OTHER_KEY, null, null, null,
                null));
        AttestationCheck check = new AttestationCheck(store, Clock.fixed(NOW, ZoneOffset.UTC));
        String scope = store.idScope();

        assertThat(check.check("gw-1", token(scope + "/registrations/gw-1", OTHER_KEY, null)))
                .isInstanceOfSatisfying(Attested.class, a -> {
                    assertThat(a.deviceId()).isEqualTo("hub-gw-1");
                    assertThat(a.deviceKey()).isEqualTo(OTHER_KEY);
                    assertThat(a.enrollment()).isEqualTo("individual");
                });
        // the Java SDK's form: sr not encoded, an empty skn
        assertThat(check.check("gw-1", credentials(sdkToken(scope + "/registrations/gw-1", KEY,
                NOW.plusSeconds(60))))).isInstanceOf(Attested.class);
        assertThat(status(check.check("gw-1", token(scope + "/registrations/gw-1", "eA==", null)))).isEqualTo(401);
        assertThat(status(check.check("gw-1", token(scope + "/registrations/gw-2", KEY, null)))).isEqualTo(401);
        assertThat(status(check.check("gw-1", credentials(SasToken.create(scope + "/registrations/gw-1", KEY,
                NOW.minusSeconds(1)))))).isEqualTo(401);
        assertThat(status(check.check("gw-1", token(scope + "/registrations/gw-1", KEY, "iothubowner"))))
                .isEqualTo(401);
        assertThat(status(check.check("gw-1", new DpsCredentials(Optional.empty(), Optional.empty(),
                Optional.empty())))).isEqualTo(401);

        // a group's member: the derived key; the group is disabled, which the device learns from the operation
        String derived = SasToken.derivedKey(OTHER_KEY, "line-dev-1");
        assertThat(check.check("line-dev-1", token(scope + "/registrations/line-dev-1", derived, "registration")))
                .isInstanceOfSatisfying(Attested.class, a -> {
                    assertThat(a.enrollment()).isEqualTo("group:line");
                    assertThat(a.enabled()).isFalse();
                    assertThat(a.deviceId()).isEqualTo("line-dev-1");
                });
        assertThat(status(check.check("stranger", token(scope + "/registrations/stranger", KEY, null))))
                .isEqualTo(404);
    }

    private static DpsCredentials token(String resource, String key, String policy) {
        Instant expiry = NOW.plusSeconds(3600);
        return credentials(policy == null ? SasToken.create(resource, key, expiry)
                : SasToken.create(resource, key, expiry, policy));
    }

    /** As RegisterTask of Microsoft's Java SDK signs: over the plain resource, {@code &skn=} empty. */
    private static String sdkToken(String resource, String key, Instant expiry) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(java.util.Base64.getDecoder().decode(key), "HmacSHA256"));
            String sig = java.util.Base64.getEncoder().encodeToString(mac.doFinal(
                    (resource + "\n" + expiry.getEpochSecond()).getBytes(StandardCharsets.UTF_8)));
            return "SharedAccessSignature sr=" + resource + "&sig="
                    + java.net.URLEncoder.encode(sig, StandardCharsets.UTF_8) + "&se=" + expiry.getEpochSecond() + "&skn=";
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static DpsCredentials credentials(String token) {
        return DpsCredentials.of(Optional.of(token.getBytes(StandardCharsets.UTF_8)), Optional.empty());
    }

    private static int status(Verdict verdict) {
        assertThat(verdict).isInstanceOf(Refused.class);
        return ((Refused) verdict).error().status();
    }
}
