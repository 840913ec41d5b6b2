package io.dmkit.transport.thingspro.internal;

import io.dmkit.api.SessionConfig;
import io.dmkit.api.Setting;
import io.dmkit.api.spi.Transport;
import io.dmkit.api.spi.TransportFactory;
import io.dmkit.api.spi.context.TransportContext;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code thingspro} cloud type: the ThingsPro DM protocol over MQTT 3.1.1
 * ({@code docs/protocols/thingspro.md}). Also listed in {@code META-INF/services} for use
 * outside OSGi.
 */
@Component(service = TransportFactory.class, property = TransportFactory.CLOUD_TYPE + "=" + ThingsProTransportFactory.TYPE)
public final class ThingsProTransportFactory implements TransportFactory {

    static final String TYPE = "thingspro";

    @Override
    public String cloudType() {
        return TYPE;
    }

    @Override
    public List<Setting<?>> settings() {
        return List.of(Security.OPTION, ThingsProSettings.TOPIC_ROOT);
    }

    @Override
    public Transport create(SessionConfig config, TransportContext context) {
        return new ThingsProTransport(config, ThingsProSettings.from(config), context);
    }

    @Override
    public String toString() {
        return "ThingsPro transport";
    }
}
