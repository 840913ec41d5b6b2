package io.dmkit.gateway.webconsole;

import org.apache.felix.webconsole.spi.ConfigurationHandler;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/**
 * The gateway's small bundle of Web Console extensions ({@code lib/bundles/io.dmkit.gateway.webconsole.jar},
 * built by this module with a hand-written manifest: see {@code src/bundle/MANIFEST.MF}).
 */
public final class Activator implements BundleActivator {

    @Override
    public void start(BundleContext context) {
        context.registerService(ConfigurationHandler.class, new KeepFileInstallFileName(), null);
    }

    @Override
    public void stop(BundleContext context) {
        // the framework unregisters the service
    }
}
