package io.dmkit.emulator.internal.http;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.dmkit.emulator.AuthKind;
import io.dmkit.emulator.Device;
import io.dmkit.emulator.Dialect;
import io.dmkit.emulator.Emulator;
import io.dmkit.emulator.EmulatorException;
import java.util.Set;

/** {@code /api/devices} and {@code /api/devices/{id}}: list, register (or replace) and remove devices. */
final class RegistryResource {

    private final Emulator emulator;

    RegistryResource(Emulator emulator) {
        this.emulator = emulator;
    }

    /** {@code GET /api/devices}: {@code [{"id","dialect","auth","connected"}]}, without credentials. */
    Response list(Request request) {
        request.query().allowOnly(Set.of());
        JsonArray devices = new JsonArray();
        for (Device device : emulator.devices()) {
            devices.add(DeviceViews.summary(device, connected(device.id())));
        }
        return Response.ok(devices);
    }

    /**
     * {@code PUT /api/devices/{id}} with {@code {"dialect":…,"auth":{"type":…,"key":…?}}}: the
     * registration, key included, and how to connect.
     */
    Response register(Request request) throws Exception {
        request.query().allowOnly(Set.of());
        String id = request.path("id");
        JsonObject body = JsonBodies.object(request.body());
        Dialect dialect = Dialect.parse(JsonBodies.requiredString(body, "dialect"));
        JsonObject auth = JsonBodies.requiredObject(body, "auth");
        AuthKind kind = AuthKind.parse(JsonBodies.requiredString(auth, "type"));
        String key = JsonBodies.optionalString(auth, "key");
        Device device = key == null ? emulator.registerDevice(id, dialect, kind)
                : emulator.registerDevice(id, dialect, kind, key);
        return Response.ok(DeviceViews.registration(device, emulator.endpoints()));
    }

    /** {@code DELETE /api/devices/{id}}: 204, or 404 for a device the emulator does not know. */
    Response remove(Request request) {
        request.query().allowOnly(Set.of());
        String id = request.path("id");
        if (!emulator.removeDevice(id)) {
            throw new EmulatorException(404, "there is no device '" + id + "'");
        }
        return Response.noContent();
    }

    /** A device removed while the list is built counts as not connected rather than failing the list. */
    private boolean connected(String id) {
        try {
            return emulator.connection(id).connected();
        } catch (EmulatorException e) {
            return false;
        }
    }
}
