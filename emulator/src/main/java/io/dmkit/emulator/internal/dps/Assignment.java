package io.dmkit.emulator.internal.dps;

import java.time.Instant;

/**
 * The registration state DPS keeps for a registration id once it was assigned: kept in the state
 * directory, so that a re-registration keeps its {@code createdDateTimeUtc}.
 */
record Assignment(String registrationId, String deviceId, Instant created, Instant lastUpdated, String etag) {
}
