package io.dmkit.transport.mqtt.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.dmkit.api.InvalidConfigurationException;
import io.dmkit.pki.ClientCredentials;
import io.dmkit.pki.KeyKind;
import io.dmkit.pki.LocalPki;

class ClientIdentityTest {

    @TempDir
    static Path dir;

    static LocalPki pki;

    @BeforeAll
    static void generate() {
        pki = LocalPki.create(dir);
    }

    @Test
    void readsTheCertificateAndItsKey() {
        ClientCredentials device = pki.client("device", KeyKind.RSA_PKCS1);

        ClientIdentity identity = ClientIdentity.read("cert", device.cert().toString(), "key", device.key().toString());

        assertThat(identity.chain()).containsExactly(device.certificate());
        assertThat(identity.key().getEncoded()).isEqualTo(device.privateKey().getEncoded());
    }

    @Test
    void keyOfAnotherCertificateIsBlamedOnTheKeyAttribute() {
        ClientCredentials device = pki.client("device", KeyKind.EC_PKCS8);
        ClientCredentials stranger = pki.client("stranger", KeyKind.EC_PKCS8);

        assertThatThrownBy(() -> ClientIdentity.read("cert", device.certPem(), "key", stranger.keyPem()))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("key: does not belong to the certificate in cert (CN=device,O=dmkit tests);"
                        + " give the key that certificate was issued for")
                .extracting(e -> ((InvalidConfigurationException) e).attribute()).isEqualTo("key");
    }

    @Test
    void keyOfAnotherAlgorithmDoesNotBelongEither() {
        ClientCredentials device = pki.client("device", KeyKind.RSA_PKCS8);
        ClientCredentials ec = pki.client("ec", KeyKind.EC_PKCS8);

        assertThatThrownBy(() -> ClientIdentity.of(List.of(device.certificate()), ec.privateKey()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not belong");
    }

    @Test
    void toStringShowsTheSubjectButNotTheKey() {
        ClientCredentials device = pki.client("quiet", KeyKind.EC_SEC1);
        ClientIdentity identity = ClientIdentity.of(List.of(device.certificate()), device.privateKey());

        assertThat(identity.toString()).isEqualTo("ClientIdentity[CN=quiet,O=dmkit tests, EC key]");
    }
}
