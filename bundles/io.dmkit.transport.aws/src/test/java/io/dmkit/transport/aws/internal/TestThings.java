package io.dmkit.transport.aws.internal;

import io.dmkit.api.SessionConfig;
import io.dmkit.pki.ClientCredentials;
import io.dmkit.pki.KeyKind;
import io.dmkit.pki.LocalPki;
import java.nio.file.Path;

/** Session configurations of a thing with a certificate from a test PKI. */
final class TestThings {

    private TestThings() {
    }

    static ClientCredentials credentials(Path dir, String thing) {
        return LocalPki.openOrCreate(dir, "aws test CA").client(thing, KeyKind.EC_PKCS8);
    }

    /** An AWS session of {@code thing} on port 0 (the default), with the PKI's CA as root.ca. */
    static SessionConfig.Builder session(Path dir, String thing) {
        LocalPki pki = LocalPki.openOrCreate(dir, "aws test CA");
        ClientCredentials c = pki.client(thing, KeyKind.EC_PKCS8);
        return SessionConfig.builder("aws-test").cloudType("aws").host("example-ats.iot.eu-west-1.amazonaws.com")
                .deviceId(thing).cert(c.cert().toString()).key(c.key().toString()).rootCa(pki.caCert().toString());
    }
}
