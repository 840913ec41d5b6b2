package io.dmkit.emulator.internal.http;

import com.google.gson.JsonObject;
import io.dmkit.emulator.Emulator;
import io.dmkit.emulator.Fault;
import java.time.Duration;
import java.util.Set;

/**
 * {@code POST /api/devices/{id}/faults}: makes the emulator misbehave towards one device, to test how
 * a gateway copes. Bodies: {@code {"type":"drop"}}, {@code {"type":"refuse-connects","seconds":N}},
 * {@code {"type":"throttle-twin","seconds":N}}.
 */
final class FaultResource {

    /** A day: longer faults are a typo, not a test. */
    static final int MAX_SECONDS = 86_400;

    private final Emulator emulator;

    FaultResource(Emulator emulator) {
        this.emulator = emulator;
    }

    Response inject(Request request) throws Exception {
        request.query().allowOnly(Set.of());
        String id = request.path("id");
        emulator.inject(id, fault(JsonBodies.object(request.body())));
        return Response.noContent();
    }

    static Fault fault(JsonObject body) {
        String type = JsonBodies.requiredString(body, "type");
        return switch (type) {
            case "drop" -> new Fault.Drop();
            case "refuse-connects" -> new Fault.RefuseConnects(seconds(body));
            case "throttle-twin" -> new Fault.ThrottleTwin(seconds(body));
            default -> throw new IllegalArgumentException(
                    "unknown fault type '" + type + "': use drop, refuse-connects or throttle-twin");
        };
    }

    private static Duration seconds(JsonObject body) {
        return Duration.ofSeconds(JsonBodies.requiredInt(body, "seconds", 1, MAX_SECONDS));
    }
}
