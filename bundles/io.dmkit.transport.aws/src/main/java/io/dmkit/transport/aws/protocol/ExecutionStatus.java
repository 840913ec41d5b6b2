package io.dmkit.transport.aws.protocol;

import java.util.Optional;

/**
 * The status a device reports for a command execution, and how dmkit's HTTP-like command statuses map
 * onto it (protocols.md §7.5): 2xx SUCCEEDED, 408 and 504 TIMED_OUT, other 4xx REJECTED, anything else
 * FAILED. The exact status travels beside it as the reason code {@code HTTP_<status>}
 * ({@link HttpReasonCode}); {@link #defaultHttpStatus()} is what a status stands for without one.
 */
public enum ExecutionStatus {
    SUCCEEDED(200), FAILED(500), REJECTED(400), TIMED_OUT(504),
    /** Not final: the execution goes on, and its timeout still applies. */
    IN_PROGRESS(0);

    private final int defaultHttpStatus;

    ExecutionStatus(int defaultHttpStatus) {
        this.defaultHttpStatus = defaultHttpStatus;
    }

    public boolean isTerminal() {
        return this != IN_PROGRESS;
    }

    /** The HTTP-like status this status stands for when no {@code HTTP_<status>} reason code says more. */
    public int defaultHttpStatus() {
        return defaultHttpStatus;
    }

    /** The final status that reports the HTTP-like command status {@code status}. */
    public static ExecutionStatus forHttpStatus(int status) {
        if (status >= 200 && status < 300) {
            return SUCCEEDED;
        }
        if (status == 408 || status == 504) {
            return TIMED_OUT;
        }
        if (status >= 400 && status < 500) {
            return REJECTED;
        }
        return FAILED;
    }

    public static Optional<ExecutionStatus> parse(String name) {
        for (ExecutionStatus status : values()) {
            if (status.name().equals(name)) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }
}
