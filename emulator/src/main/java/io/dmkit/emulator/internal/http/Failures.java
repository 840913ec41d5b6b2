package io.dmkit.emulator.internal.http;

import io.dmkit.emulator.EmulatorException;
import io.dmkit.wire.json.StrictJson;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns whatever a route failed with into the answer the client gets: the status the failure
 * carries, 400 for an {@link IllegalArgumentException}, else 500 and a log line. The log line names
 * the request's method and path, never its body: bodies carry keys.
 */
final class Failures {

    private static final Logger LOG = LoggerFactory.getLogger(Failures.class);

    private Failures() {
    }

    /** @param request method and raw path, for the log line of an unexpected failure */
    static Response toResponse(Throwable failure, String request) {
        Throwable cause = unwrap(failure);
        if (cause instanceof EmulatorException e && e.status() >= 400 && e.status() <= 599) {
            return Response.error(e.status(), e.getMessage());
        }
        if (cause instanceof StrictJson.Rejection e) {
            return Response.error(e.status(), e.getMessage());
        }
        if (cause instanceof IllegalArgumentException) {
            return Response.error(400, cause.getMessage());
        }
        if (cause instanceof Router.MethodNotAllowed e) {
            return Response.error(405, e.getMessage()).withHeader("Allow", e.allow());
        }
        LOG.error("unexpected failure serving " + request, cause);
        return Response.error(500, "the emulator failed unexpectedly; its log says why");
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
