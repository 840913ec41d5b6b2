package io.dmkit.core.internal;

import io.dmkit.api.DmResult;
import io.dmkit.api.spi.TransportException;
import java.util.concurrent.CompletionException;

/** How the core reads failures of transport operations. */
final class Failures {

    private Failures() {
    }

    /** Throttling, service errors and missing answers are worth retrying; other 4xx codes are final. */
    static boolean isRetryable(int status) {
        return status == DmResult.TIMEOUT || status == DmResult.THROTTLED || status >= 500;
    }

    /** The HTTP-like status of a failed stage: the transport's, or 500 for anything unexpected. */
    static int status(Throwable error) {
        return unwrap(error) instanceof TransportException te ? te.status() : 500;
    }

    /** What went wrong, in words. */
    static String describe(Throwable error) {
        if (error == null) {
            return "no answer in time";
        }
        Throwable e = unwrap(error);
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }
}
