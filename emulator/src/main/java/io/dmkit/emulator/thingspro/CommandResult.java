package io.dmkit.emulator.thingspro;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The outcome of {@link ThingsProService#invoke}: a status with HTTP meaning and a payload.
 *
 * <p>The status is the device's own when {@link #fromDevice()} is true. Otherwise the service
 * answered for it: 404 the device is not online, 504 no reply in time, 502 the device's reply was
 * malformed, 503 the service is not connected or was closed; each with {@code {"error":"<text>"}}.
 */
public final class CommandResult {

    private final int status;
    private final byte[] payload;
    private final boolean fromDevice;

    private CommandResult(int status, byte[] payload, boolean fromDevice) {
        this.status = status;
        this.payload = payload;
        this.fromDevice = fromDevice;
    }

    /** The device's reply; the array is copied. */
    public static CommandResult fromDevice(int status, byte[] payload) {
        return new CommandResult(status, Objects.requireNonNull(payload, "payload").clone(), true);
    }

    /** An answer of the service on the device's behalf, with {@code {"error":"<message>"}}. */
    public static CommandResult serviceError(int status, String message) {
        com.google.gson.JsonObject body = new com.google.gson.JsonObject();
        body.addProperty("error", Objects.requireNonNull(message, "message"));
        return new CommandResult(status, body.toString().getBytes(StandardCharsets.UTF_8), false);
    }

    public int status() {
        return status;
    }

    /** Whether the status is 2xx. */
    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    /** Whether the device sent this result (else the service answered for it). */
    public boolean fromDevice() {
        return fromDevice;
    }

    /** A copy of the payload. */
    public byte[] payload() {
        return payload.clone();
    }

    /** The payload decoded as UTF-8 (malformed bytes become U+FFFD). */
    public String payloadAsString() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "CommandResult[status=" + status + ", " + payload.length + " bytes, "
                + (fromDevice ? "from device" : "from service") + "]";
    }
}
