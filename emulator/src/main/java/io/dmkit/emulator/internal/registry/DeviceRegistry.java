package io.dmkit.emulator.internal.registry;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import com.google.gson.reflect.TypeToken;
import io.dmkit.emulator.AuthKind;
import io.dmkit.emulator.Device;
import io.dmkit.emulator.Dialect;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The emulator's devices, kept in {@code devices.json} in the state directory so that they survive a
 * restart. Every change rewrites the file atomically (write a temporary file, then move it over).
 * The file holds device keys: it is created readable by its owner only. Thread-safe.
 */
public final class DeviceRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceRegistry.class);
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    private final Path file;
    private final Map<String, Device> byId = new ConcurrentHashMap<>();
    private final Map<String, Device> byThumbprint = new ConcurrentHashMap<>();

    private DeviceRegistry(Path file) {
        this.file = file;
    }

    /**
     * The registry in {@code file}, empty if the file does not exist. A file that cannot be read is
     * moved aside (to {@code devices.json.broken-<time>}) with a warning, and the registry starts empty.
     */
    public static DeviceRegistry open(Path file) {
        DeviceRegistry registry = new DeviceRegistry(file);
        if (Files.exists(file)) {
            try {
                List<StoredDevice> stored = GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8),
                        new TypeToken<List<StoredDevice>>() { }.getType());
                for (StoredDevice device : stored == null ? List.<StoredDevice>of() : stored) {
                    registry.index(device.toDevice());
                }
            } catch (IOException | JsonParseException | IllegalArgumentException | NullPointerException e) {
                Path aside = file.resolveSibling(file.getFileName() + ".broken-" + System.currentTimeMillis());
                LOG.warn("cannot read the device registry " + file + " (" + e.getMessage()
                        + "); moved it to " + aside + " and starting with no devices");
                try {
                    Files.move(file, aside);
                } catch (IOException moveFailed) {
                    throw new UncheckedIOException("cannot move the unreadable registry aside", moveFailed);
                }
                registry.byId.clear();
                registry.byThumbprint.clear();
            }
        }
        return registry;
    }

    public Optional<Device> get(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** The device whose certificate has this SHA-256 thumbprint (lower-case hex). */
    public Optional<Device> byThumbprint(String thumbprint) {
        return Optional.ofNullable(byThumbprint.get(thumbprint));
    }

    /** Every device, ordered by id. */
    public List<Device> all() {
        List<Device> devices = new ArrayList<>(byId.values());
        devices.sort(Comparator.comparing(Device::id));
        return devices;
    }

    /** Adds or replaces the device and saves the registry. */
    public synchronized void put(Device device) {
        Device previous = byId.get(device.id());
        if (previous != null && previous.thumbprint() != null) {
            byThumbprint.remove(previous.thumbprint());
        }
        index(device);
        save();
    }

    /** Removes the device and saves the registry; the removed device, if there was one. */
    public synchronized Optional<Device> remove(String id) {
        Device removed = byId.remove(id);
        if (removed != null) {
            if (removed.thumbprint() != null) {
                byThumbprint.remove(removed.thumbprint());
            }
            save();
        }
        return Optional.ofNullable(removed);
    }

    private void index(Device device) {
        byId.put(device.id(), device);
        if (device.thumbprint() != null) {
            byThumbprint.put(device.thumbprint(), device);
        }
    }

    private void save() {
        List<StoredDevice> stored = all().stream().map(StoredDevice::of).toList();
        try {
            OwnerOnlyFiles.replace(file, GSON.toJson(stored));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the device registry " + file, e);
        }
    }

    /** The JSON form of a device: plain strings, so the file stays readable and editable. */
    private record StoredDevice(String id, String dialect, String auth, String key, String certificateFile,
            String privateKeyFile, String thumbprint) {

        static StoredDevice of(Device device) {
            return new StoredDevice(device.id(), device.dialect().id(), device.auth().id(), device.key(),
                    device.certificateFile() == null ? null : device.certificateFile().toString(),
                    device.privateKeyFile() == null ? null : device.privateKeyFile().toString(),
                    device.thumbprint());
        }

        Device toDevice() {
            return new Device(id, Dialect.parse(dialect), AuthKind.parse(auth), key,
                    certificateFile == null ? null : Paths.get(certificateFile),
                    privateKeyFile == null ? null : Paths.get(privateKeyFile), thumbprint);
        }
    }
}
