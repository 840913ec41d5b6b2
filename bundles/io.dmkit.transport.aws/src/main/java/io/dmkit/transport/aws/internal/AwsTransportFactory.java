package io.dmkit.transport.aws.internal;

import io.dmkit.api.SessionConfig;
import io.dmkit.api.Setting;
import io.dmkit.api.spi.Transport;
import io.dmkit.api.spi.TransportFactory;
import io.dmkit.api.spi.context.TransportContext;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code aws} cloud type: AWS IoT Core over MQTT 5 with mutual TLS (docs/clouds/aws.md). Also
 * listed in {@code META-INF/services} for use outside OSGi.
 */
@Component(service = TransportFactory.class, property = TransportFactory.CLOUD_TYPE + "=" + AwsTransportFactory.TYPE)
public final class AwsTransportFactory implements TransportFactory {

    static final String TYPE = "aws";

    @Override
    public String cloudType() {
        return TYPE;
    }

    @Override
    public List<Setting<?>> settings() {
        return AwsSettings.OPTIONS;
    }

    @Override
    public Transport create(SessionConfig config, TransportContext context) {
        return new AwsTransport(config, AwsSettings.from(config), context);
    }

    @Override
    public String toString() {
        return "AWS IoT Core transport";
    }
}
