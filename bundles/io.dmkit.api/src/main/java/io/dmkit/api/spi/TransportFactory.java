package io.dmkit.api.spi;

import io.dmkit.api.InvalidConfigurationException;
import io.dmkit.api.SessionConfig;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Creates transports for one cloud type. Registered as an OSGi service with the property
 * {@value #CLOUD_TYPE}, or listed in {@code META-INF/services/io.dmkit.api.spi.TransportFactory}
 * for use outside OSGi.
 */
@ProviderType
public interface TransportFactory {

    /** Service property: the cloud type this factory serves, for example {@code thingspro}. */
    String CLOUD_TYPE = "dm.cloud.type";

    /** The cloud type this factory serves. */
    String cloudType();

    /**
     * Creates a transport for one session. Checks the parts of the configuration that are
     * specific to this cloud (credentials, certificates, options) and reads any files they name;
     * does no network I/O.
     *
     * @param config the session's configuration
     * @param context what the core gives the transport: its listener and shared scheduler
     * @throws InvalidConfigurationException naming the attribute that is unusable
     */
    Transport create(SessionConfig config, TransportContext context);
}
