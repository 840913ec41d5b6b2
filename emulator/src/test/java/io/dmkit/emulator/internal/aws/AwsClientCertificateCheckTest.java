package io.dmkit.emulator.internal.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmkit.emulator.AuthKind;
import io.dmkit.emulator.Device;
import io.dmkit.emulator.Dialect;
import io.dmkit.emulator.internal.broker.Thumbprints;
import io.dmkit.emulator.internal.cloud.ConnectAttempt;
import io.dmkit.emulator.internal.cloud.Refusal;
import io.dmkit.pki.KeyKind;
import io.dmkit.pki.LocalPki;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AwsClientCertificateCheckTest {

    @TempDir
    static Path dir;

    private static X509Certificate registered;
    private static X509Certificate other;
    private static Device thing;

    @BeforeAll
    static void issueCertificates() {
        LocalPki pki = LocalPki.create(dir.resolve("pki"));
        registered = pki.client("thing-1", KeyKind.EC_PKCS8).certificate();
        other = pki.client("thing-1", KeyKind.EC_PKCS8).certificate();
        thing = new Device("thing-1", Dialect.AWS, AuthKind.X509, null, null, null,
                Thumbprints.sha256(registered));
    }

    @Test
    void registeredCertificateIsAcceptedWithAnyClientId() {
        assertThat(ClientCertificateCheck.check(thing, attempt("whatever-client", registered))).isEmpty();
        assertThat(ClientCertificateCheck.check(thing, attempt("c".repeat(128), registered))).isEmpty();
    }

    @Test
    void missingCertificateIsNotAuthorizedAndSaysWhatToDo() {
        Optional<Refusal> refusal = ClientCertificateCheck.check(thing, attempt("c1", null));

        assertThat(refusal).hasValueSatisfying(r -> {
            assertThat(r.code()).isEqualTo(Refusal.Code.NOT_AUTHORIZED);
            assertThat(r.reason()).contains("thing-1", "mutual TLS", "certificate");
        });
    }

    @Test
    void anotherCertificateOfTheSameCaIsNotAuthorized() {
        Optional<Refusal> refusal = ClientCertificateCheck.check(thing, attempt("c1", other));

        assertThat(refusal).hasValueSatisfying(r -> {
            assertThat(r.code()).isEqualTo(Refusal.Code.NOT_AUTHORIZED);
            assertThat(r.reason()).contains(Thumbprints.sha256(other), thing.thumbprint());
        });
    }

    @Test
    void clientIdOver128BytesIsRejected() {
        assertThat(ClientCertificateCheck.check(thing, attempt("c".repeat(129), registered)))
                .hasValueSatisfying(r -> assertThat(r.code()).isEqualTo(Refusal.Code.IDENTIFIER_REJECTED));
        // 43 three-byte characters: 43 characters, 129 bytes
        assertThat(ClientCertificateCheck.check(thing, attempt("\u20ac".repeat(43), registered)))
                .hasValueSatisfying(r -> assertThat(r.code()).isEqualTo(Refusal.Code.IDENTIFIER_REJECTED));
    }

    private static ConnectAttempt attempt(String clientId, X509Certificate certificate) {
        return new ConnectAttempt(clientId, Optional.of("?SDK=Java&Version=1.30.1"), Optional.empty(),
                Optional.ofNullable(certificate), "mqtt-tls", 5, true);
    }
}
