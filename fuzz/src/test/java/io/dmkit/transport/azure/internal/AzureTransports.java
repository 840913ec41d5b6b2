package io.dmkit.transport.azure.internal;

import io.dmkit.api.SessionConfig;
import io.dmkit.api.spi.context.TransportContext;
import java.util.Base64;

/** An Azure transport of device {@value #DEVICE} with a symmetric key, never connected: its callback is driven directly. */
final class AzureTransports {

    static final String DEVICE = "dev-1";
    static final SessionConfig CONFIG = SessionConfig.builder("fuzz").cloudType("azure")
            .host("fuzz-hub.azure-devices.net").deviceId(DEVICE)
            .key(Base64.getEncoder().encodeToString(new byte[32])).build();
    static final AzureSettings SETTINGS = AzureSettings.from(CONFIG);

    private AzureTransports() {
    }

    static AzureTransport create(TransportContext context) {
        return new AzureTransport(CONFIG, SETTINGS, context);
    }
}
