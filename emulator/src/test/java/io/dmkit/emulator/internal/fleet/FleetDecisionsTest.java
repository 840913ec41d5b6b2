package io.dmkit.emulator.internal.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dmkit.emulator.internal.aws.TestClock;
import io.dmkit.pki.KeyKind;
import io.dmkit.pki.LocalPki;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The decisions of fleet provisioning, without a broker: ownership tokens, templates, the CSR check. */
class FleetDecisionsTest {

    @TempDir
    Path dir;

    @Test
    void aTokenIsBoundToItsCertificateUsableOnceAndExpiresAfterAnHour() throws Exception {
        TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z").getEpochSecond());
        OwnershipTokens tokens = new OwnershipTokens(clock);
        X509Certificate certificate = LocalPki.create(dir).client("c", KeyKind.EC_PKCS8).certificate();
        OwnershipTokens.Issued first = tokens.issue("id-1", certificate);
        OwnershipTokens.Issued second = tokens.issue("id-2", certificate);
        assertThat(first.token()).isNotEqualTo(second.token()).hasSizeGreaterThan(40);
        assertThat(first.toString()).doesNotContain(first.token());

        assertThat(tokens.check(first.token()).certificateId()).isEqualTo("id-1");
        assertThat(tokens.check(first.token()).certificateId()).as("checking does not use it up").isEqualTo("id-1");
        tokens.redeem(first);
        assertThatThrownBy(() -> tokens.check(first.token())).satisfies(e -> assertToken(e, "used already"));
        assertThatThrownBy(() -> tokens.check("")).satisfies(e -> assertToken(e, "cannot be empty"));
        assertThatThrownBy(() -> tokens.check(null)).satisfies(e -> assertToken(e, "cannot be empty"));
        assertThatThrownBy(() -> tokens.check("forged")).satisfies(e -> assertToken(e, "cannot be validated"));

        clock.advance(OwnershipTokens.VALIDITY.minusSeconds(1));
        assertThat(tokens.check(second.token()).certificateId()).isEqualTo("id-2");
        clock.advance(Duration.ofSeconds(1));
        assertThatThrownBy(() -> tokens.check(second.token())).satisfies(e -> assertToken(e, "cannot be validated"));
    }

    @Test
    void aTemplateNamesTheThingAfterItsParameterOrRefuses() throws Exception {
        ProvisioningTemplate template = new ProvisioningTemplate("fleet", "sensor-", "Serial", true, Map.of());
        assertThat(template.thingName(Map.of("Serial", "42", "Other", "x"))).isEqualTo("sensor-42");
        assertRejection(() -> template.thingName(Map.of("SerialNumber", "42")), 400, "InvalidParameters");
        assertRejection(() -> template.thingName(Map.of("Serial", "a/b")), 400, "InvalidParameters");
        ProvisioningTemplate unprefixed = new ProvisioningTemplate("bare", "", "Serial", true, Map.of());
        assertRejection(() -> unprefixed.thingName(Map.of("Serial", "")), 400, "InvalidParameters");

        ProvisioningTemplate closed = new ProvisioningTemplate("closed", "", "Serial", false, Map.of());
        assertRejection(() -> closed.thingName(Map.of()), 403, "AccessDenied");

        assertThatThrownBy(() -> new ProvisioningTemplate("bad name", "", "Serial", true, Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ProvisioningTemplate("t", "bad/prefix", "Serial", true, Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ProvisioningTemplate("t", "", "", true, Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theCsrMustBeWellFormedSelfSignedAndOfAKeyAwsSigns() throws Exception {
        KeyPair rsa = LocalPki.generateKeyPair(KeyKind.RSA_PKCS8);
        KeyPair ec = LocalPki.generateKeyPair(KeyKind.EC_PKCS8);
        PublicKey checked = CsrCheck.publicKey(TestCsrs.csr(rsa, rsa));
        assertThat(checked.getEncoded()).isEqualTo(rsa.getPublic().getEncoded());
        assertThat(CsrCheck.publicKey(TestCsrs.csr(ec, ec)).getEncoded()).isEqualTo(ec.getPublic().getEncoded());

        assertRejection(() -> CsrCheck.publicKey(TestCsrs.csr(rsa, LocalPki.generateKeyPair(KeyKind.RSA_PKCS8))),
                400, "InvalidCSR");
        KeyPairGenerator small = KeyPairGenerator.getInstance("RSA");
        small.initialize(1024);
        KeyPair weak = small.generateKeyPair();
        assertRejection(() -> CsrCheck.publicKey(TestCsrs.csr(weak, weak)), 400, "InvalidCSR");
        assertRejection(() -> CsrCheck.publicKey(null), 400, "InvalidCSR");
        assertRejection(() -> CsrCheck.publicKey("hello"), 400, "InvalidCSR");
        assertRejection(() -> CsrCheck.publicKey(LocalPki.pem(LocalPki.create(dir).client("c", KeyKind.RSA_PKCS8)
                .certificate())), 400, "InvalidCSR");
        assertRejection(() -> CsrCheck.publicKey(TestCsrs.csr(rsa, rsa).repeat(2)), 400, "InvalidCSR");
    }

    private interface Decision {
        Object run() throws Exception;
    }

    private static void assertRejection(Decision decision, int statusCode, String errorCode) {
        assertThatThrownBy(decision::run).isInstanceOfSatisfying(RejectedRequest.class, e -> {
            assertThat(e.rejection().statusCode()).isEqualTo(statusCode);
            assertThat(e.rejection().errorCode()).isEqualTo(errorCode);
        });
    }

    private static void assertToken(Throwable failure, String message) {
        assertThat(failure).isInstanceOf(RejectedRequest.class);
        FleetRejection rejection = ((RejectedRequest) failure).rejection();
        assertThat(rejection.statusCode()).isEqualTo(400);
        assertThat(rejection.errorCode()).isEqualTo("InvalidCertificateOwnershipToken");
        assertThat(rejection.errorMessage()).contains(message);
    }

}
