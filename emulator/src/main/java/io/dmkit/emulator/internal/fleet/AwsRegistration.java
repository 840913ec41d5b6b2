package io.dmkit.emulator.internal.fleet;

import java.time.Instant;
import java.util.Objects;

/**
 * One RegisterThing the emulator answered: an entry of {@code GET /api/provisioning/registrations}.
 *
 * @param thingName the thing provisioned, or the one the request would have named; {@code null} when
 *        the request was rejected before it named one
 * @param status {@link #ACCEPTED} or {@link #REJECTED}, as the answer's topic
 * @param error the rejection ({@code "400 InvalidParameters: …"}), {@code null} when accepted
 */
public record AwsRegistration(String thingName, String template, String status, Instant time, String error) {

    public static final String ACCEPTED = "accepted";
    public static final String REJECTED = "rejected";

    public AwsRegistration {
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(time, "time");
    }
}
