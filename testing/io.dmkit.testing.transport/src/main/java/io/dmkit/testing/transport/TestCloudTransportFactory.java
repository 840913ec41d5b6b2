package io.dmkit.testing.transport;

import io.dmkit.api.SessionConfig;
import io.dmkit.api.Setting;
import io.dmkit.api.spi.Transport;
import io.dmkit.api.spi.TransportFactory;
import io.dmkit.api.spi.context.TransportContext;
import java.util.List;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;

/**
 * The {@value #TYPE} cloud type: a deliberately small protocol over plain MQTT 3.1.1, served by any
 * broker, for tests of the open transport model and as the worked example of {@code docs/architecture.md}.
 * Every topic of a device lives under {@code <topic.prefix>/<device id>/}:
 *
 * <ul>
 * <li>{@code telemetry}: messages, device to cloud, QoS 1 (the payload only);</li>
 * <li>{@code twin}: the whole twin in the Azure shape, retained, cloud to device;</li>
 * <li>{@code desired}: a desired patch with {@code "$version"}, cloud to device;</li>
 * <li>{@code reported}: a reported patch, device to cloud;</li>
 * <li>{@code commands/<name>/<request id>}: a command, cloud to device;</li>
 * <li>{@code replies/<request id>/<status>}: its reply, device to cloud.</li>
 * </ul>
 */
@Component(service = TransportFactory.class, property = TransportFactory.CLOUD_TYPE + "=" + TestCloudTransportFactory.TYPE)
public final class TestCloudTransportFactory implements TransportFactory {

    public static final String TYPE = "testcloud";

    /** The transport's one option: the first level of every topic. */
    static final Setting<String> TOPIC_PREFIX = Setting.text("testcloud.topic.prefix").defaultValue("testcloud")
            .check(p -> p.isEmpty() || p.contains("+") || p.contains("#") || p.startsWith("/") || p.endsWith("/")
                    ? Optional.of("must be a topic without wildcards, leading or trailing '/'") : Optional.empty())
            .label("Topic prefix").description("The first level of every topic of the device.").build();

    @Override
    public String cloudType() {
        return TYPE;
    }

    @Override
    public List<Setting<?>> settings() {
        return List.of(TOPIC_PREFIX);
    }

    @Override
    public Transport create(SessionConfig config, TransportContext context) {
        return new TestCloudTransport(TestCloudEndpoint.of(config, config.get(TOPIC_PREFIX)), context);
    }

    @Override
    public String toString() {
        return "test cloud transport";
    }
}
