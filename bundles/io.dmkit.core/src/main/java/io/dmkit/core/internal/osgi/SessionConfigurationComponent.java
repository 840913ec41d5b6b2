package io.dmkit.core.internal.osgi;

import io.dmkit.api.DeviceManagement;
import io.dmkit.api.DmSession;
import io.dmkit.api.InvalidConfigurationException;
import io.dmkit.api.SessionConfig;
import io.dmkit.core.internal.provisioning.IdentityStore;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.ComponentConstants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One session per factory configuration {@value SessionConfig#FACTORY_PID}. A changed
 * configuration replaces the session (queued messages stay queued); a deleted one disconnects and
 * removes it, and deletes its persistent outbox.
 *
 * <p>An unusable configuration does not take anything down: it is logged with the attribute at
 * fault, and a placeholder {@link DmSession} service with the property
 * {@value DmSession#SESSION_ERROR} and the state {@code INVALID_CONFIGURATION} shows the problem
 * to tools until the configuration is fixed.
 */
@Component(configurationPid = SessionConfig.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {}, immediate = true)
public final class SessionConfigurationComponent {

    private static final Logger LOG = LoggerFactory.getLogger(SessionConfigurationComponent.class);

    @Reference
    private DeviceManagement deviceManagement;

    private String sessionName;
    private ServiceRegistration<DmSession> placeholder;

    @Activate
    void activate(BundleContext context, Map<String, Object> properties) {
        Object pid = properties.get(Constants.SERVICE_PID);
        try {
            SessionConfig config = SessionConfig.fromProperties(properties);
            deviceManagement.createSession(config);
            sessionName = config.name();
            LOG.info("session {} created from configuration {}", sessionName, pid);
        } catch (InvalidConfigurationException | IllegalStateException e) {
            String name = nameOr(properties, String.valueOf(pid));
            LOG.error("session configuration {} (session '{}') is unusable: {}. Fix it in "
                    + "the configuration {} (Web Console: Configuration, \"dmkit session\").", pid, name,
                    e.getMessage(), pid);
            String cloudType = String.valueOf(properties.getOrDefault(SessionConfig.CLOUD_TYPE.id(), ""));
            Dictionary<String, Object> props = new Hashtable<>();
            props.put(DmSession.SESSION_NAME, name);
            props.put(DmSession.CLOUD_TYPE, cloudType);
            props.put(DmSession.SESSION_ERROR, e.getMessage());
            props.put(Constants.SERVICE_DESCRIPTION, "dmkit session " + name + " (configuration unusable)");
            placeholder = context.registerService(DmSession.class, new InvalidSession(name, e.getMessage()), props);
        }
    }

    @Deactivate
    void deactivate(BundleContext context, int reason) {
        if (sessionName != null) {
            deviceManagement.removeSession(sessionName);
            // A changed configuration replaces the session and keeps its queued messages; a
            // deleted one takes them along, since no session will ever send them.
            int unsent = reason == ComponentConstants.DEACTIVATION_REASON_CONFIGURATION_DELETED
                    ? CoreComponent.outboxes(context).discard(sessionName) : 0;
            if (unsent > 0) {
                LOG.warn("session {}: its configuration was deleted, so the {} "
                        + "message(s) still queued for it were deleted too", sessionName, unsent);
            }
            if (reason == ComponentConstants.DEACTIVATION_REASON_CONFIGURATION_DELETED) {
                CoreComponent.identities(context).ifPresent(dir -> IdentityStore.discard(dir, sessionName));
            }
        }
        if (placeholder != null) {
            CoreComponent.unregisterQuietly(placeholder);
        }
    }

    /** The configured session name if it is a usable one, else {@code fallback}. */
    private static String nameOr(Map<String, Object> properties, String fallback) {
        try {
            return SessionConfig.NAME.parse(properties.get(SessionConfig.NAME.id()));
        } catch (InvalidConfigurationException e) {
            return fallback;
        }
    }
}
