package io.dmkit.api.spi;

import io.dmkit.api.InvalidConfigurationException;
import io.dmkit.api.SessionConfig;
import io.dmkit.api.Setting;
import io.dmkit.api.spi.context.ProvisioningContext;
import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Zero-touch provisioning for one cloud type: asks a provisioning service for a session's identity
 * (where to connect, as whom, with what credential) so that a gateway needs only a provisioning
 * credential, not a configuration made by hand for each device. Registered as an OSGi service with
 * the property {@value TransportFactory#CLOUD_TYPE}, or listed in
 * {@code META-INF/services/io.dmkit.api.spi.Provisioner} outside OSGi.
 *
 * <p>A session of the cloud type that {@linkplain #isRequestedBy asks for} this provisioner gets its
 * identity from it before the transport connects: the core keeps the {@link IssuedIdentity} in the
 * session's data directory, lays its settings over the session's configuration, creates the transport
 * with the result, and asks again only when the service refuses that identity
 * ({@link io.dmkit.api.ConnectionReason#BAD_CREDENTIAL} or
 * {@link io.dmkit.api.ConnectionReason#DEVICE_DISABLED}), when the session's configuration changed,
 * or on {@link io.dmkit.api.DmSession#reprovision()}. Retries follow the session's backoff and the
 * service's {@link TransportException#retryAfter() retry-after}.
 */
@ConsumerType
public interface Provisioner {

    /** The provisioner's name, shown in states and logs and kept with the identity, for example {@code azure-dps}. */
    String name();

    /** The cloud type of the sessions it provisions, for example {@code azure}. */
    String cloudType();

    /**
     * Its options, declared as {@link TransportFactory#settings()} declares a transport's: shown in
     * the session's form for its cloud type, checked one by one before {@link #create}.
     */
    List<Setting<?>> settings();

    /** Whether the session asks for this provisioner, normally because its main option is set. */
    boolean isRequestedBy(SessionConfig config);

    /**
     * Creates the provisioning client of one session. Checks the configuration (its options and the
     * session settings it uses, such as the key or certificate) and reads the files they name; does
     * no network I/O.
     *
     * @throws InvalidConfigurationException naming the setting that is unusable
     */
    ProvisioningClient create(SessionConfig config, ProvisioningContext context);
}
