package io.dmkit.core.internal.execution;

import io.dmkit.api.DmResult;
import io.dmkit.api.spi.TransportException;
import java.util.concurrent.CompletionException;

/** How the core reads failures of transport operations. */
public final class Failures {

    private Failures() {
    }

    /** Throttling, service errors and missing answers are worth retrying; other 4xx codes are final. */
    public static boolean isRetryable(int status) {
        return status == DmResult.TIMEOUT || status == DmResult.THROTTLED || status >= 500;
    }

    /** The HTTP-like status of a failed stage: the transport's, or 500 for anything unexpected. */
    public static int status(Throwable error) {
        return unwrap(error) instanceof TransportException te ? te.status() : 500;
    }

    /** What went wrong, in words. */
    public static String describe(Throwable error) {
        if (error == null) {
            return "no answer in time";
        }
        Throwable e = unwrap(error);
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    public static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }
}
