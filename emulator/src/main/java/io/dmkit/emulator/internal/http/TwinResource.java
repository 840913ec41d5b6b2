package io.dmkit.emulator.internal.http;

import io.dmkit.emulator.Emulator;
import java.util.Set;

/** {@code /api/devices/{id}/twin}: read the twin, patch its desired properties. */
final class TwinResource {

    private final Emulator emulator;

    TwinResource(Emulator emulator) {
        this.emulator = emulator;
    }

    /** {@code GET …/twin}: {@code {"desired":{…,"$version":n},"reported":{…,"$version":m}}}. */
    Response get(Request request) {
        request.query().allowOnly(Set.of());
        return Response.ok(StateViews.twin(emulator.twin(request.path("id"))));
    }

    /**
     * {@code PATCH …/twin/desired} with a JSON object, merged as a JSON Merge Patch ({@code null}
     * removes a property); answers {@code {"$version":n}}. The emulator pushes it to a connected device.
     */
    Response patchDesired(Request request) throws Exception {
        request.query().allowOnly(Set.of());
        String patch = JsonBodies.object(request.body()).toString();
        return Response.ok(StateViews.version(emulator.patchDesired(request.path("id"), patch)));
    }
}
