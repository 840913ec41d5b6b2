package io.dmkit.emulator.thingspro;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** A {@link TwinStore} in memory: the default, which the tests and the emulator use. */
public final class InMemoryTwinStore implements TwinStore {

    private final ConcurrentMap<String, TwinState> twins = new ConcurrentHashMap<>();

    @Override
    public Optional<TwinState> find(String deviceId) {
        return Optional.ofNullable(twins.get(Objects.requireNonNull(deviceId, "deviceId")));
    }

    @Override
    public void save(TwinState twin) {
        twins.put(twin.deviceId(), twin);
    }

    @Override
    public Set<String> deviceIds() {
        return Set.copyOf(twins.keySet());
    }
}
