package io.dmkit.emulator.internal.http;

import io.dmkit.emulator.Emulator;
import java.util.Set;

/** {@code /api/devices/{id}/messages} and {@code …/connection}: what the emulator saw of a device. */
final class DeviceStateResource {

    static final int DEFAULT_MESSAGES = 20;
    /** As many as the emulator keeps per device. */
    static final int MAX_MESSAGES = 1000;

    private final Emulator emulator;

    DeviceStateResource(Emulator emulator) {
        this.emulator = emulator;
    }

    /** {@code GET …/messages?limit=N}: the latest N telemetry messages, oldest first. */
    Response messages(Request request) {
        int limit = request.query().allowOnly(Set.of("limit")).integer("limit", DEFAULT_MESSAGES, 1, MAX_MESSAGES);
        return Response.ok(StateViews.messages(emulator.messages(request.path("id"), limit)));
    }

    /** {@code GET …/connection}: {@code {"connected","since","connects"}}. */
    Response connection(Request request) {
        request.query().allowOnly(Set.of());
        return Response.ok(StateViews.connection(emulator.connection(request.path("id"))));
    }
}
