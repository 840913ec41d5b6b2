package io.dmkit.emulator.thingspro;

import java.util.Optional;
import java.util.Set;

/**
 * Where the service keeps device twins: the seam for persistence. The default,
 * {@link InMemoryTwinStore}, forgets everything on close (the emulator uses it too: its ThingsPro
 * twins last as long as it runs).
 *
 * <p>The service serialises its own reads and writes of twins, but calls the store from the MQTT
 * client's callback thread (twin requests) and from callers of
 * {@link ThingsProService#updateDesired}: implementations must be thread-safe and quick (memory or a
 * small local file, never the network), since the service receives nothing else while a call
 * runs. A {@link RuntimeException} from the store makes the service answer the device 500.
 */
public interface TwinStore {

    /** The twin of {@code deviceId}, if one was saved. */
    Optional<TwinState> find(String deviceId);

    /** Saves (creates or replaces) the twin of {@link TwinState#deviceId()}. */
    void save(TwinState twin);

    /** The ids of every device with a saved twin. */
    Set<String> deviceIds();
}
