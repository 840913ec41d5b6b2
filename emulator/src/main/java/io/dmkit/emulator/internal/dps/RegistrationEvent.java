package io.dmkit.emulator.internal.dps;

import java.time.Instant;

/**
 * One registration attempt as {@code GET /api/provisioning/registrations} lists it: who, against which
 * enrollment ({@code individual}, {@code group:<id>} or {@code null} when none matched), the outcome.
 *
 * @param status {@code assigned}, {@code disabled}, {@code failed}, or the HTTP-like error status the
 *        device got ({@code "401"}, {@code "404"}, {@code "429"}, {@code "400"})
 * @param error why it failed, for the person running the emulator ({@code null} when it did not)
 */
public record RegistrationEvent(String registrationId, String enrollment, String status, String substatus,
        String deviceId, String assignedHub, Instant time, String error) {
}
