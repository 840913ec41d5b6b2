package io.dmkit.api.spi;

import io.dmkit.api.InvalidConfigurationException;
import io.dmkit.api.SessionConfig;
import io.dmkit.api.Setting;
import io.dmkit.api.spi.context.TransportContext;
import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Creates transports for one cloud type. Registered as an OSGi service with the property
 * {@value #CLOUD_TYPE}, or listed in {@code META-INF/services/io.dmkit.api.spi.TransportFactory}
 * for use outside OSGi.
 *
 * <p>Sessions of the cloud type wait for a factory ({@code NO_TRANSPORT}), in any order: a session
 * configured before its transport bundle starts connects when the factory arrives, and waits again
 * when it goes.
 */
@ConsumerType
public interface TransportFactory {

    /** Service property: the cloud type this factory serves, for example {@code thingspro}. */
    String CLOUD_TYPE = "dm.cloud.type";

    /** The cloud type this factory serves. */
    String cloudType();

    /**
     * The transport's own options, in the order a configuration form shows them: each with its
     * property name, type, default, description, whether it is secret, and its checks. The core adds
     * them to the session's configuration form, masks the secret ones wherever it shows a
     * configuration, and checks a session's options against them before {@link #create}; the
     * transport reads them with {@link SessionConfig#get(Setting)}. Their ids must not be those of
     * {@link SessionConfig#settings()}.
     */
    default List<Setting<?>> settings() {
        return List.of();
    }

    /**
     * Creates a transport for one session. Checks the parts of the configuration that are
     * specific to this cloud (credentials, certificates, how settings combine) and reads any files
     * they name; does no network I/O. Its {@linkplain #settings() options} have been checked one by
     * one already.
     *
     * @param config the session's configuration
     * @param context what the core gives the transport: its listener and shared scheduler
     * @throws InvalidConfigurationException naming the setting that is unusable
     */
    Transport create(SessionConfig config, TransportContext context);
}
