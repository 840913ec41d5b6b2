package io.dmkit.transport.azure.internal;

import io.dmkit.api.SessionConfig;
import io.dmkit.api.spi.Transport;
import io.dmkit.api.spi.TransportContext;
import io.dmkit.api.spi.TransportFactory;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code azure} cloud type: Azure IoT Hub's device MQTT API over TLS or WebSocket
 * ({@code docs/clouds/azure.md}). Also listed in {@code META-INF/services} for use outside OSGi.
 */
@Component(service = TransportFactory.class, property = TransportFactory.CLOUD_TYPE + "=" + AzureTransportFactory.TYPE)
public final class AzureTransportFactory implements TransportFactory {

    static final String TYPE = "azure";

    private final int shortestSasLifetimeSeconds;

    public AzureTransportFactory() {
        this(AzureSettings.MIN_SAS_LIFETIME_SECONDS);
    }

    /** For tests that watch SAS renewals in seconds: sessions may ask for lifetimes down to this. */
    AzureTransportFactory(int shortestSasLifetimeSeconds) {
        this.shortestSasLifetimeSeconds = shortestSasLifetimeSeconds;
    }

    @Override
    public String cloudType() {
        return TYPE;
    }

    @Override
    public Transport create(SessionConfig config, TransportContext context) {
        return new AzureTransport(config, AzureSettings.from(config, shortestSasLifetimeSeconds), context);
    }

    @Override
    public String toString() {
        return "Azure IoT Hub transport";
    }
}
