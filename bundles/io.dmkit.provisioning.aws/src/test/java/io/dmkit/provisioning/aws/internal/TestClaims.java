package io.dmkit.provisioning.aws.internal;

import io.dmkit.api.SessionConfig;
import io.dmkit.pki.ClientCredentials;
import io.dmkit.pki.KeyKind;
import io.dmkit.pki.LocalPki;
import java.nio.file.Path;

/** Fleet provisioning sessions with a claim certificate from a test PKI. */
final class TestClaims {

    static final String ENDPOINT = "example-ats.iot.eu-west-1.amazonaws.com";

    private TestClaims() {
    }

    static LocalPki pki(Path dir) {
        return LocalPki.openOrCreate(dir, "aws fleet test CA");
    }

    /** An AWS session with only the claim and a template: what a factory-fresh gateway has. */
    static SessionConfig.Builder session(Path dir) {
        LocalPki pki = pki(dir);
        ClientCredentials claim = pki.client("claim", KeyKind.RSA_PKCS8);
        return SessionConfig.builder("line-1").cloudType("aws").host(ENDPOINT).cert(claim.cert().toString())
                .key(claim.key().toString()).rootCa(pki.caCert().toString())
                .option(FleetSettings.TEMPLATE.id(), "factory");
    }
}
