package io.dmkit.core.internal.osgi;

import io.dmkit.api.DeviceManagement;
import io.dmkit.api.DmSession;
import io.dmkit.api.SessionConfig;
import io.dmkit.api.spi.Provisioner;
import io.dmkit.api.spi.TransportFactory;
import io.dmkit.core.internal.outbox.Outboxes;
import io.dmkit.core.internal.session.SessionManager;
import java.io.File;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.MetaTypeProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dmkit core in OSGi: owns the session manager, feeds it the transport factories that
 * transport bundles register, offers {@link DeviceManagement} to every bundle (each bundle's
 * sessions are removed when it stops using the service), and registers every live session as a
 * {@link DmSession} service. It also offers the Metatype of session configurations, composed from the
 * settings of every session and the options of the transports installed ({@link SessionMetaType}).
 */
@Component(immediate = true, service = {})
public final class CoreComponent {

    private static final Logger LOG = LoggerFactory.getLogger(CoreComponent.class);

    /** Framework property: the directory for dmkit's data (the persistent outboxes). */
    public static final String DATA_DIRECTORY = "dmkit.data.dir";

    // Made in the constructor: DS binds the dynamic transport references before activate().
    private final SessionManager manager;
    private final Map<DmSession, ServiceRegistration<DmSession>> registrations = new ConcurrentHashMap<>();
    private ServiceRegistration<?> deviceManagement;
    private ServiceRegistration<MetaTypeProvider> metaType;

    @Activate
    public CoreComponent(BundleContext context) {
        manager = new SessionManager("dmkit", outboxes(context), identities(context));
    }

    /**
     * Persistent outboxes live in {@code <dir>/outbox/} when the framework property
     * {@value #DATA_DIRECTORY} names a directory, otherwise in the core bundle's data area (which
     * some runtimes keep under /tmp, lost at reboot).
     */
    static Outboxes outboxes(BundleContext context) {
        String configured = context.getProperty(DATA_DIRECTORY);
        File dir = configured != null && !configured.isBlank() ? new File(configured.trim(), "outbox")
                : context.getDataFile("outbox");
        return new Outboxes(Optional.ofNullable(dir).map(File::toPath));
    }

    /**
     * Provisioned sessions keep their identities in {@code <dir>/provisioning/<session>/} (owner-only),
     * beside the outboxes.
     */
    static Optional<Path> identities(BundleContext context) {
        String configured = context.getProperty(DATA_DIRECTORY);
        File dir = configured != null && !configured.isBlank() ? new File(configured.trim(), "provisioning")
                : context.getDataFile("provisioning");
        return Optional.ofNullable(dir).map(File::toPath);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addProvisioner(Provisioner provisioner) {
        manager.addProvisioner(provisioner);
    }

    void removeProvisioner(Provisioner provisioner) {
        manager.removeProvisioner(provisioner);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addTransportFactory(TransportFactory factory, Map<String, Object> properties) {
        Object declared = properties.get(TransportFactory.CLOUD_TYPE);
        if (declared != null && !declared.equals(factory.cloudType())) {
            LOG.warn("transport {} is registered with {}={} but serves '{}'; using "
                    + "'{}'", factory, TransportFactory.CLOUD_TYPE, declared, factory.cloudType(), factory.cloudType());
        }
        manager.addTransportFactory(factory);
    }

    void removeTransportFactory(TransportFactory factory) {
        manager.removeTransportFactory(factory);
    }

    @Activate
    void activate(BundleContext context) {
        manager.addListener(new SessionManager.Listener() {
            @Override
            public void sessionAdded(DmSession session) {
                registrations.put(session, context.registerService(DmSession.class, session, properties(session)));
            }

            @Override
            public void sessionRemoved(DmSession session) {
                ServiceRegistration<DmSession> r = registrations.remove(session);
                if (r != null) {
                    unregisterQuietly(r);
                }
            }
        });
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(Constants.SERVICE_DESCRIPTION, "dmkit device management");
        deviceManagement = context.registerService(DeviceManagement.class.getName(),
                new DeviceManagementServiceFactory(manager), props);
        Dictionary<String, Object> metaTypeProps = new Hashtable<>();
        metaTypeProps.put(MetaTypeProvider.METATYPE_FACTORY_PID, SessionConfig.FACTORY_PID);
        metaType = context.registerService(MetaTypeProvider.class, new SessionMetaType(manager::transportSettings),
                metaTypeProps);
    }

    @Deactivate
    void deactivate() {
        unregisterQuietly(metaType);
        unregisterQuietly(deviceManagement);
        manager.close();
        registrations.values().forEach(CoreComponent::unregisterQuietly);
        registrations.clear();
    }

    static Dictionary<String, Object> properties(DmSession session) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(DmSession.SESSION_NAME, session.name());
        props.put(DmSession.CLOUD_TYPE, session.config().cloudType());
        props.put(Constants.SERVICE_DESCRIPTION, "dmkit session " + session.name());
        return props;
    }

    static void unregisterQuietly(ServiceRegistration<?> registration) {
        try {
            registration.unregister();
        } catch (IllegalStateException e) {
            // already unregistered, for example because the bundle is stopping
        }
    }
}
