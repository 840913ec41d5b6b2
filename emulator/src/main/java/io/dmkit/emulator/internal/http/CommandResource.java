package io.dmkit.emulator.internal.http;

import io.dmkit.emulator.CommandResult;
import io.dmkit.emulator.Emulator;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * {@code POST /api/devices/{id}/commands/{name}?timeoutSeconds=N}: invokes a command and answers once
 * the device replied, did not reply in time (504) or was not connected (404).
 */
final class CommandResource {

    /** As an Azure direct method's default response timeout. */
    static final int DEFAULT_TIMEOUT_SECONDS = 30;
    /**
     * Azure allows 5 to 300 seconds; the emulator takes 1 to 300, so that a test of the 504 path does
     * not have to wait five seconds.
     */
    static final int MIN_TIMEOUT_SECONDS = 1;
    static final int MAX_TIMEOUT_SECONDS = 300;

    private final Emulator emulator;

    CommandResource(Emulator emulator) {
        this.emulator = emulator;
    }

    /**
     * The body is the command's payload, any JSON value, or nothing. The answer is
     * {@code {"status":s,"payload":p}}: with HTTP 200 whatever the device answered (its status is
     * {@code s}), with HTTP 404 or 504 when the emulator answered for it.
     */
    CompletionStage<Response> invoke(Request request) throws Exception {
        int timeout = request.query().allowOnly(Set.of("timeoutSeconds"))
                .integer("timeoutSeconds", DEFAULT_TIMEOUT_SECONDS, MIN_TIMEOUT_SECONDS, MAX_TIMEOUT_SECONDS);
        String payload = JsonBodies.optionalValue(request.body());
        return emulator.invoke(request.path("id"), request.path("name"), payload, Duration.ofSeconds(timeout))
                .thenApply(CommandResource::answer);
    }

    private static Response answer(CommandResult result) {
        int status = result.status() == 404 || result.status() == 504 ? result.status() : 200;
        return Response.json(status, StateViews.commandResult(result));
    }
}
