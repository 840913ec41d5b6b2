package io.dmkit.emulator.internal.http;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.dmkit.emulator.CommandResult;
import io.dmkit.emulator.ConnectionInfo;
import io.dmkit.emulator.TelemetryMessage;
import io.dmkit.emulator.TwinDocument;
import io.dmkit.wire.text.Utf8;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/** The JSON of what the emulator knows about a device's state: twin, telemetry, connection, a command's outcome. */
final class StateViews {

    private StateViews() {
    }

    /** {@code {"desired":{…,"$version":n},"reported":{…,"$version":m}}}, as Azure shows a twin. */
    static JsonObject twin(TwinDocument twin) {
        JsonObject view = new JsonObject();
        view.add("desired", section(twin.desired(), twin.desiredVersion()));
        view.add("reported", section(twin.reported(), twin.reportedVersion()));
        return view;
    }

    /** {@code {"$version":n}}: the answer to a desired patch. */
    static JsonObject version(long version) {
        JsonObject view = new JsonObject();
        view.addProperty("$version", version);
        return view;
    }

    /**
     * {@code {"topic","payload","payloadBase64"?,"properties","time"}}: the payload as text when it is
     * UTF-8, else {@code null} with the bytes in base64.
     */
    static JsonArray messages(List<TelemetryMessage> messages) {
        JsonArray view = new JsonArray();
        for (TelemetryMessage message : messages) {
            JsonObject entry = new JsonObject();
            entry.addProperty("topic", message.topic());
            Optional<String> text = Utf8.decode(message.payload() == null ? new byte[0] : message.payload());
            entry.addProperty("payload", text.orElse(null));
            if (text.isEmpty()) {
                entry.addProperty("payloadBase64", Base64.getEncoder().encodeToString(message.payload()));
            }
            JsonObject properties = new JsonObject();
            if (message.properties() != null) {
                message.properties().forEach(properties::addProperty);
            }
            entry.add("properties", properties);
            entry.addProperty("time", message.received() == null ? null : message.received().toString());
            view.add(entry);
        }
        return view;
    }

    /** {@code {"connected":b,"since":"ISO-8601"|null,"connects":n}}. */
    static JsonObject connection(ConnectionInfo connection) {
        JsonObject view = new JsonObject();
        view.addProperty("connected", connection.connected());
        view.addProperty("since", connection.since() == null ? null : connection.since().toString());
        view.addProperty("connects", connection.connects());
        return view;
    }

    /** {@code {"status":s,"payload":<the device's reply JSON or null>}}. */
    static JsonObject commandResult(CommandResult result) {
        JsonObject view = new JsonObject();
        view.addProperty("status", result.status());
        view.add("payload", Json.embed(result.payloadJson()));
        return view;
    }

    private static JsonObject section(String json, long version) {
        JsonElement properties = Json.embed(json);
        JsonObject section = properties.isJsonObject() ? properties.getAsJsonObject() : new JsonObject();
        section.addProperty("$version", version);
        return section;
    }
}
