package io.dmkit.transport.azure.internal;

import io.dmkit.api.SessionConfig;
import io.dmkit.api.Setting;
import io.dmkit.api.spi.Transport;
import io.dmkit.api.spi.TransportFactory;
import io.dmkit.api.spi.context.TransportContext;
import java.time.Duration;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code azure} cloud type: Azure IoT Hub's device MQTT API over TLS or WebSocket
 * ({@code docs/clouds/azure.md}). Also listed in {@code META-INF/services} for use outside OSGi.
 */
@Component(service = TransportFactory.class, property = TransportFactory.CLOUD_TYPE + "=" + AzureTransportFactory.TYPE)
public final class AzureTransportFactory implements TransportFactory {

    static final String TYPE = "azure";

    private final Setting<Duration> sasLifetime;

    public AzureTransportFactory() {
        this.sasLifetime = AzureSettings.SAS_LIFETIME;
    }

    /** For tests that watch SAS renewals in seconds: sessions may ask for lifetimes down to this. */
    AzureTransportFactory(int shortestSasLifetimeSeconds) {
        this.sasLifetime = AzureSettings.sasLifetime(shortestSasLifetimeSeconds);
    }

    @Override
    public String cloudType() {
        return TYPE;
    }

    @Override
    public List<Setting<?>> settings() {
        return AzureSettings.options(sasLifetime);
    }

    @Override
    public Transport create(SessionConfig config, TransportContext context) {
        return new AzureTransport(config, AzureSettings.from(config, sasLifetime), context);
    }

    @Override
    public String toString() {
        return "Azure IoT Hub transport";
    }
}
