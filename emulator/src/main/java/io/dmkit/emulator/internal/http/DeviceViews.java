package io.dmkit.emulator.internal.http;

import com.google.gson.JsonObject;
import io.dmkit.emulator.AuthKind;
import io.dmkit.emulator.Device;
import io.dmkit.emulator.Endpoints;
import java.nio.file.Path;

/**
 * The JSON of a registered device. The registration ({@code PUT /api/devices/{id}}) is the only answer
 * of the API that carries a key, and only for the kinds that have one (SAS, PASSWORD); the summary
 * the device list shows leaves credentials out.
 */
final class DeviceViews {

    private DeviceViews() {
    }

    /** {@code {"id","dialect","auth":{"type","key"?,…},"connect":{…}}}: the device's credentials and how to connect. */
    static JsonObject registration(Device device, Endpoints endpoints) {
        JsonObject view = new JsonObject();
        view.addProperty("id", device.id());
        view.addProperty("dialect", device.dialect().id());
        view.add("auth", auth(device));
        view.add("connect", ConnectInstructions.of(device, endpoints));
        return view;
    }

    /** {@code {"id","dialect","auth","connected"}}: one entry of {@code GET /api/devices}. */
    static JsonObject summary(Device device, boolean connected) {
        JsonObject view = new JsonObject();
        view.addProperty("id", device.id());
        view.addProperty("dialect", device.dialect().id());
        view.addProperty("auth", device.auth().id());
        view.addProperty("connected", connected);
        return view;
    }

    private static JsonObject auth(Device device) {
        JsonObject auth = new JsonObject();
        auth.addProperty("type", device.auth().id());
        if ((device.auth() == AuthKind.SAS || device.auth() == AuthKind.PASSWORD) && device.key() != null) {
            auth.addProperty("key", device.key());
        }
        addPath(auth, "certificateFile", device.certificateFile());
        addPath(auth, "privateKeyFile", device.privateKeyFile());
        if (device.thumbprint() != null) {
            auth.addProperty("thumbprint", device.thumbprint());
        }
        return auth;
    }

    private static void addPath(JsonObject auth, String member, Path file) {
        if (file != null) {
            auth.addProperty(member, file.toAbsolutePath().toString());
        }
    }
}
