package io.dmkit.emulator.thingspro;

/** A listener added to a {@link ThingsProService}; closing it removes the listener. Idempotent. */
@FunctionalInterface
public interface ListenerRegistration extends AutoCloseable {

    /** Removes the listener; it is not called for events that happen afterwards. */
    @Override
    void close();
}
