package io.dmkit.emulator.internal.azure;

import io.dmkit.emulator.AuthKind;
import io.dmkit.emulator.Device;
import io.dmkit.emulator.internal.broker.Thumbprints;
import io.dmkit.emulator.internal.cloud.ConnectAttempt;
import io.dmkit.emulator.internal.cloud.Refusal;
import io.dmkit.transport.azure.protocol.IotHubUserName;
import io.dmkit.transport.azure.protocol.SasToken;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;

/**
 * IoT Hub's checks of a device's CONNECT ({@code protocols.md} §2.2, §2.3): TLS only; client id = device
 * id (else CONNACK 2); user name {@code <host>/<device id>/?api-version=…} (else 4); a SAS token for
 * this device, unexpired and signed with its key, or the registered client certificate (else 5).
 * Every refusal says what to fix, never the token or key.
 */
final class AzureConnectCheck {

    private final Clock clock;

    AzureConnectCheck(Clock clock) {
        this.clock = clock;
    }

    /** Empty if IoT Hub would accept this CONNECT of {@code device}; else the CONNACK code and why. */
    Optional<Refusal> check(Device device, ConnectAttempt attempt) {
        if (!attempt.tls()) {
            return refuse(Refusal.Code.NOT_AUTHORIZED, "IoT Hub accepts MQTT over TLS only (port 8883 or WebSocket)");
        }
        if (!attempt.clientId().equals(device.id())) {
            return refuse(Refusal.Code.IDENTIFIER_REJECTED, "the client id must be the device id '" + device.id()
                    + "', not '" + attempt.clientId() + "'");
        }
        Optional<Refusal> userName = checkUserName(device, attempt.userName());
        if (userName.isPresent()) {
            return userName;
        }
        if (device.auth() == AuthKind.X509) {
            return checkCertificate(device, attempt);
        }
        return checkToken(device, attempt.password());
    }

    private static Optional<Refusal> checkUserName(Device device, Optional<String> userName) {
        if (userName.isEmpty()) {
            return refuse(Refusal.Code.BAD_USER_NAME_OR_PASSWORD,
                    "no user name: IoT Hub needs '" + IotHubUserName.of("<hub host>", device.id()) + "'");
        }
        Optional<IotHubUserName> parsed = IotHubUserName.parse(userName.get());
        if (parsed.isEmpty() || !parsed.get().deviceId().equals(device.id())) {
            return refuse(Refusal.Code.BAD_USER_NAME_OR_PASSWORD, "user name '" + userName.get()
                    + "' is not '<hub host>/" + device.id() + "/?api-version=...'");
        }
        if (!parsed.get().hasApiVersion()) {
            return refuse(Refusal.Code.BAD_USER_NAME_OR_PASSWORD, "user name '" + userName.get()
                    + "' has no api-version (use ?api-version=" + IotHubUserName.API_VERSION + ")");
        }
        return Optional.empty();
    }

    private static Optional<Refusal> checkCertificate(Device device, ConnectAttempt attempt) {
        if (attempt.clientCertificate().isEmpty()) {
            return refuse(Refusal.Code.NOT_AUTHORIZED, "device '" + device.id()
                    + "' uses X.509 authentication but presented no client certificate");
        }
        if (!Thumbprints.sha256(attempt.clientCertificate().get()).equals(device.thumbprint())) {
            return refuse(Refusal.Code.NOT_AUTHORIZED, "the client certificate is not the one registered for '"
                    + device.id() + "' (thumbprint " + device.thumbprint() + ")");
        }
        return Optional.empty();
    }

    private Optional<Refusal> checkToken(Device device, Optional<byte[]> password) {
        if (password.isEmpty() || password.get().length == 0) {
            return refuse(Refusal.Code.NOT_AUTHORIZED, "device '" + device.id() + "' sent no SAS token as password");
        }
        SasToken token;
        try {
            token = SasToken.parse(new String(password.get(), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return refuse(Refusal.Code.NOT_AUTHORIZED, "device '" + device.id() + "': " + e.getMessage());
        }
        if (!token.namesDevice(device.id())) {
            return refuse(Refusal.Code.NOT_AUTHORIZED, "the SAS token is for '" + token.resource()
                    + "', not '<hub host>/devices/" + device.id() + "'");
        }
        if (!clock.instant().isBefore(token.expiry())) {
            return refuse(Refusal.Code.NOT_AUTHORIZED, "the SAS token of '" + device.id() + "' expired at "
                    + token.expiry() + ": sign a new one");
        }
        if (!token.signedWith(device.key())) {
            return refuse(Refusal.Code.NOT_AUTHORIZED, "the SAS token of '" + device.id()
                    + "' has a wrong signature: sign it with the device's primary key");
        }
        return Optional.empty();
    }

    private static Optional<Refusal> refuse(Refusal.Code code, String reason) {
        return Optional.of(Refusal.of(code, reason));
    }
}
