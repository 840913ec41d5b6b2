package io.dmkit.transport.aws.internal;

import io.dmkit.api.SessionConfig;
import io.dmkit.api.spi.context.TransportContext;
import io.dmkit.pki.ClientCredentials;
import io.dmkit.pki.KeyKind;
import io.dmkit.pki.LocalPki;
import java.nio.file.Path;

/**
 * An AWS transport of thing {@value #THING} (classic shadow), never connected: its callback is driven
 * directly. Its certificate comes from a throw-away CA, as AWS sessions require one.
 */
final class AwsTransports {

    static final String THING = "dev-1";
    static final SessionConfig CONFIG = config();
    static final AwsSettings SETTINGS = AwsSettings.from(CONFIG);

    private AwsTransports() {
    }

    static AwsTransport create(TransportContext context) {
        return new AwsTransport(CONFIG, SETTINGS, context);
    }

    private static SessionConfig config() {
        LocalPki pki = LocalPki.openOrCreate(Path.of("target", "fuzz-pki"), "dmkit fuzz CA");
        ClientCredentials credentials = pki.client(THING, KeyKind.RSA_PKCS8);
        return SessionConfig.builder("fuzz").cloudType("aws").host("example-ats.iot.eu-west-1.amazonaws.com")
                .deviceId(THING).cert(credentials.certPem()).key(credentials.keyPem()).build();
    }
}
