package io.dmkit.emulator.internal.aws;

import java.util.Optional;

/**
 * The status a device reports for a command execution, and the HTTP-like status the emulator's
 * REST API reports when the device gives no {@code HTTP_<code>} reason code.
 */
enum ExecutionStatus {
    SUCCEEDED(200), FAILED(500), REJECTED(400), TIMED_OUT(504),
    /** Not final: the execution goes on, and its timeout still applies. */
    IN_PROGRESS(0);

    private final int defaultStatus;

    ExecutionStatus(int defaultStatus) {
        this.defaultStatus = defaultStatus;
    }

    boolean isTerminal() {
        return this != IN_PROGRESS;
    }

    int defaultStatus() {
        return defaultStatus;
    }

    static Optional<ExecutionStatus> parse(String name) {
        for (ExecutionStatus status : values()) {
            if (status.name().equals(name)) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }
}
