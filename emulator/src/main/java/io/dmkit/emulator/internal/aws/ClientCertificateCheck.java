package io.dmkit.emulator.internal.aws;

import io.dmkit.emulator.Device;
import io.dmkit.emulator.internal.broker.Thumbprints;
import io.dmkit.emulator.internal.cloud.ConnectAttempt;
import io.dmkit.emulator.internal.cloud.Refusal;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * AWS IoT's check of a CONNECT: the device proves it is the thing with the client certificate
 * registered for it (mutual TLS; that the certificate chains to the emulator's CA, TLS has already
 * checked). The client id may be anything of at most {@value #MAX_CLIENT_ID_BYTES} bytes, and a user
 * name is ignored (the AWS SDKs send one carrying metrics).
 */
final class ClientCertificateCheck {

    static final int MAX_CLIENT_ID_BYTES = 128;

    private ClientCertificateCheck() {
    }

    static Optional<Refusal> check(Device device, ConnectAttempt attempt) {
        int clientIdBytes = attempt.clientId().getBytes(StandardCharsets.UTF_8).length;
        if (clientIdBytes > MAX_CLIENT_ID_BYTES) {
            return Optional.of(Refusal.of(Refusal.Code.IDENTIFIER_REJECTED, "the client id of thing '" + device.id()
                    + "' is " + clientIdBytes + " bytes; AWS IoT allows at most " + MAX_CLIENT_ID_BYTES));
        }
        if (attempt.clientCertificate().isEmpty()) {
            return Optional.of(Refusal.of(Refusal.Code.NOT_AUTHORIZED, "thing '" + device.id()
                    + "' presented no client certificate: AWS IoT devices connect over mutual TLS (the MQTT TLS port)"
                    + " with the certificate and key issued when the thing was registered"));
        }
        String thumbprint = Thumbprints.sha256(attempt.clientCertificate().get());
        if (!thumbprint.equals(device.thumbprint())) {
            return Optional.of(Refusal.of(Refusal.Code.NOT_AUTHORIZED, "the client certificate (SHA-256 "
                    + thumbprint + ") is not the one registered for thing '" + device.id()
                    + "' (SHA-256 " + device.thumbprint() + "); use the certificate file issued at its registration"));
        }
        return Optional.empty();
    }
}
