package io.dmkit.emulator;

/**
 * The outcome of a command (Azure direct method, AWS command execution, ThingsPro command) as the REST
 * API returns it: {@code {"status":<status>,"payload":<payload>}}.
 *
 * @param status the device's status, or the service's own: 404 device offline, 504 no reply in time
 * @param payloadJson the device's reply as JSON text ({@code null} when there was none)
 */
public record CommandResult(int status, String payloadJson) {
}
