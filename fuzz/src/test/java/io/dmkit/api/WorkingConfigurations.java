package io.dmkit.api;

import io.dmkit.pki.ClientCredentials;
import io.dmkit.pki.KeyKind;
import io.dmkit.pki.LocalPki;
import java.nio.file.Path;
import java.util.Map;

/**
 * A session configuration of each cloud that its transport accepts, as ConfigAdmin would deliver it,
 * with secrets that are easy to recognise in a message.
 */
final class WorkingConfigurations {

    static final String PSK = "000102030405060708090a0b0c0d0e0f";
    static final String SAS_KEY = "c2VjcmV0LXNhcy1rZXktMDEyMzQ1Njc4OWFiY2RlZg==";
    private static final ClientCredentials AWS = LocalPki.openOrCreate(Path.of("target", "fuzz-pki"), "dmkit fuzz CA")
            .client("dev-1", KeyKind.RSA_PKCS8);

    private WorkingConfigurations() {
    }

    static Map<String, Object> of(String cloud) {
        return switch (cloud) {
            case "thingspro" -> Map.of("name", "fuzz", "cloud.type", "thingspro", "host", "127.0.0.1",
                    "device.id", "dev-1", "key", PSK, "security", "psk");
            case "azure" -> Map.of("name", "fuzz", "cloud.type", "azure", "host", "fuzz-hub.azure-devices.net",
                    "device.id", "dev-1", "key", SAS_KEY, "azure.websocket", "true", "proxy.host", "proxy.example",
                    "proxy.user", "fuzz", "proxy.password", "proxy-secret-password-0123");
            case "aws" -> Map.of("name", "fuzz", "cloud.type", "aws", "host", "example-ats.iot.eu-west-1.amazonaws.com",
                    "device.id", "dev-1", "cert", AWS.certPem(), "key", AWS.keyPem(), "port", 443);
            default -> throw new IllegalArgumentException(cloud);
        };
    }
}
