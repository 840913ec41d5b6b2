package io.dmkit.provisioning.azure.internal;

import io.dmkit.api.SessionConfig;
import io.dmkit.api.Setting;
import io.dmkit.api.spi.Provisioner;
import io.dmkit.api.spi.ProvisioningClient;
import io.dmkit.api.spi.TransportFactory;
import io.dmkit.api.spi.context.ProvisioningContext;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/**
 * {@code azure-dps}: Azure sessions with {@code azure.dps.id.scope} get their hub and device id from the
 * Azure IoT Hub Device Provisioning Service ({@code docs/clouds/azure.md}, "Provisioning"). Also listed
 * in {@code META-INF/services} for use outside OSGi.
 */
@Component(service = Provisioner.class, property = TransportFactory.CLOUD_TYPE + "=" + DpsProvisioner.CLOUD_TYPE)
public final class DpsProvisioner implements Provisioner {

    static final String CLOUD_TYPE = "azure";
    static final String NAME = "azure-dps";

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
        return DpsSettings.OPTIONS;
    }

    @Override
    public boolean isRequestedBy(SessionConfig config) {
        return config.option(DpsSettings.ID_SCOPE.id()).isPresent();
    }

    @Override
    public ProvisioningClient create(SessionConfig config, ProvisioningContext context) {
        return new DpsClient(config.name(), DpsSettings.from(config), context.scheduler());
    }

    @Override
    public String toString() {
        return "Azure Device Provisioning Service provisioner";
    }
}
