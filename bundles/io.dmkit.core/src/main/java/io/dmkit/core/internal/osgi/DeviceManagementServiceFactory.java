package io.dmkit.core.internal.osgi;

import io.dmkit.api.DeviceManagement;
import io.dmkit.api.DmSession;
import io.dmkit.api.SessionConfig;
import io.dmkit.core.internal.session.SessionManager;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceFactory;
import org.osgi.framework.ServiceRegistration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives each bundle its own view of the {@link DeviceManagement} service, so that the sessions a
 * bundle creates in code end with it: when the bundle stops (or releases the service), they are
 * removed and their threads and sockets released.
 */
final class DeviceManagementServiceFactory implements ServiceFactory<DeviceManagement> {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceManagementServiceFactory.class);

    private final SessionManager manager;

    DeviceManagementServiceFactory(SessionManager manager) {
        this.manager = manager;
    }

    @Override
    public DeviceManagement getService(Bundle bundle, ServiceRegistration<DeviceManagement> registration) {
        return new BundleView(manager, bundle.getSymbolicName());
    }

    @Override
    public void ungetService(Bundle bundle, ServiceRegistration<DeviceManagement> registration,
            DeviceManagement service) {
        ((BundleView) service).removeOwnSessions();
    }

    /** One bundle's view: remembers the sessions that bundle created. */
    private static final class BundleView implements DeviceManagement {
        private final SessionManager manager;
        private final String bundle;
        private final Set<String> own = ConcurrentHashMap.newKeySet();

        BundleView(SessionManager manager, String bundle) {
            this.manager = manager;
            this.bundle = bundle;
        }

        @Override
        public DmSession createSession(SessionConfig config) {
            DmSession session = manager.createSession(config);
            own.add(session.name());
            return session;
        }

        @Override
        public Optional<DmSession> session(String name) {
            return manager.session(name);
        }

        @Override
        public List<DmSession> sessions() {
            return manager.sessions();
        }

        @Override
        public boolean removeSession(String name) {
            own.remove(name);
            return manager.removeSession(name);
        }

        @Override
        public Set<String> cloudTypes() {
            return manager.cloudTypes();
        }

        void removeOwnSessions() {
            for (String name : own) {
                if (manager.removeSession(name)) {
                    LOG.info("session {} removed: bundle {} released dmkit", name, bundle);
                }
            }
            own.clear();
        }
    }
}
