package io.dmkit.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * A handler bundle written with the component property types ({@code @CommandName}) requires the
 * dispatcher's {@code osgi.implementation} capability: without a dispatcher it does not resolve, instead
 * of registering handlers that nothing calls (commands would be answered 404).
 */
public class DispatcherRequirementIT extends OsgiTestSupport {

    @Override
    protected boolean usesMosquittoCloud() {
        return false;
    }

    @Test
    public void aHandlerBundleDoesNotResolveWithoutADispatcher() throws Exception {
        Bundle dispatcher = Arrays.stream(context.getBundles())
                .filter(b -> b.getSymbolicName().equals("io.dmkit.dispatcher")).findFirst().orElseThrow();
        dispatcher.uninstall();
        CountDownLatch refreshed = new CountDownLatch(1);
        context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(List.of(dispatcher), e -> {
            if (e.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                refreshed.countDown();
            }
        });
        assertThat(refreshed.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

        Bundle handlers = context.installBundle(new File(System.getProperty("dmkit.bundles", "target/bundles"),
                "io.dmkit.examples.commands.jar").toURI().toString());
        assertThatThrownBy(handlers::start).isInstanceOf(BundleException.class)
                .hasMessageContaining("osgi.implementation").hasMessageContaining("io.dmkit.dispatcher");
        assertThat(handlers.getState()).isEqualTo(Bundle.INSTALLED);
    }
}
