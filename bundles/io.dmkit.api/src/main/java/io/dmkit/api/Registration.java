package io.dmkit.api;

import org.osgi.annotation.versioning.ProviderType;

/** Undoes a registration made in code (a listener or handler on a session). Closing twice is harmless. */
@ProviderType
public interface Registration extends AutoCloseable {
    @Override
    void close();
}
