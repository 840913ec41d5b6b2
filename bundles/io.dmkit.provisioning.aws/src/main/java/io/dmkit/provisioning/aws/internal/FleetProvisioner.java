package io.dmkit.provisioning.aws.internal;

import io.dmkit.api.SessionConfig;
import io.dmkit.api.Setting;
import io.dmkit.api.spi.Provisioner;
import io.dmkit.api.spi.ProvisioningClient;
import io.dmkit.api.spi.TransportFactory;
import io.dmkit.api.spi.context.ProvisioningContext;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/**
 * {@code aws-fleet}: AWS sessions with {@code aws.provisioning.template} get their thing name and
 * certificate from AWS IoT fleet provisioning by claim ({@code docs/clouds/aws.md}, "Provisioning").
 * Also listed in {@code META-INF/services} for use outside OSGi.
 */
@Component(service = Provisioner.class, property = TransportFactory.CLOUD_TYPE + "=" + FleetProvisioner.CLOUD_TYPE)
public final class FleetProvisioner implements Provisioner {

    static final String CLOUD_TYPE = "aws";
    static final String NAME = "aws-fleet";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String cloudType() {
        return CLOUD_TYPE;
    }

    @Override
    public List<Setting<?>> settings() {
        return FleetSettings.OPTIONS;
    }

    @Override
    public boolean isRequestedBy(SessionConfig config) {
        return config.option(FleetSettings.TEMPLATE.id()).isPresent();
    }

    @Override
    public ProvisioningClient create(SessionConfig config, ProvisioningContext context) {
        return new FleetClient(config.name(), FleetSettings.from(config), context.scheduler(),
                new IssuedFiles(context.directory()));
    }

    @Override
    public String toString() {
        return "AWS IoT fleet provisioning (by claim) provisioner";
    }
}
