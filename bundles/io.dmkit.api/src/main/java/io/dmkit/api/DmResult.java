package io.dmkit.api;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * The outcome of an operation the device-management service had to accept: a sent message,
 * a reported-state patch.
 *
 * <p>{@link #status()} follows the seed API's convention: {@value #ACCEPTED} when the service
 * accepted the operation, otherwise a non-zero HTTP-like code. Codes the service sends are passed
 * on unchanged (400, 401, 403, 404, 409, 413, 429, 5xx). dmkit itself uses:
 * <ul>
 * <li>{@value #TIMEOUT}: the service did not answer within the session's operation timeout;</li>
 * <li>{@value #TOO_LARGE}: the payload exceeds what the service accepts; nothing was sent;</li>
 * <li>{@value #NOT_CONNECTED}: the session is not connected and the operation is not queued
 * (or the session was removed); nothing was sent;</li>
 * <li>{@value #QUEUE_FULL}: the message queue is full: the message was refused, or (with
 * {@link SessionConfig.Overflow#DROP_OLDEST}) dropped, unsent, to make room for a newer one.</li>
 * </ul>
 * {@link #detail()} says in words what happened, for logs and people.
 */
public final class DmResult {

    /** The service accepted the operation. */
    public static final int ACCEPTED = 0;
    /** Local: no answer from the service within the operation timeout. */
    public static final int TIMEOUT = 408;
    /** Local or service: the payload is too large. */
    public static final int TOO_LARGE = 413;
    /** Service: throttled; dmkit retries such operations before reporting this. */
    public static final int THROTTLED = 429;
    /** Local: not connected and not queued, or the session is gone. */
    public static final int NOT_CONNECTED = 503;
    /** Local: the message queue is full; the message was refused or dropped unsent. */
    public static final int QUEUE_FULL = 507;

    private static final DmResult ACCEPTED_RESULT = new DmResult(ACCEPTED, "accepted", -1);

    private final int status;
    private final String detail;
    private final long version;

    private DmResult(int status, String detail, long version) {
        this.status = status;
        this.detail = Objects.requireNonNull(detail, "detail");
        this.version = version;
    }

    /** An accepted result without a version. */
    public static DmResult accepted() {
        return ACCEPTED_RESULT;
    }

    /** An accepted result that carries the new version the service assigned (reported twin). */
    public static DmResult accepted(long version) {
        return new DmResult(ACCEPTED, "accepted", version);
    }

    /**
     * A result with the given status.
     *
     * @param status {@value #ACCEPTED} or an HTTP-like code
     * @param detail what happened, in words; never a secret
     */
    public static DmResult of(int status, String detail) {
        return new DmResult(status, detail, -1);
    }

    /** 0 when accepted, otherwise the HTTP-like code. */
    public int status() {
        return status;
    }

    /** Whether {@link #status()} is {@value #ACCEPTED}. */
    public boolean isAccepted() {
        return status == ACCEPTED;
    }

    /** A short human-readable description of the outcome. */
    public String detail() {
        return detail;
    }

    /** The version the service assigned, when it reports one (reported twin patches). */
    public OptionalLong version() {
        return version < 0 ? OptionalLong.empty() : OptionalLong.of(version);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DmResult r && r.status == status && r.version == version && r.detail.equals(detail);
    }

    @Override
    public int hashCode() {
        return Objects.hash(status, detail, version);
    }

    @Override
    public String toString() {
        return "DmResult[status=" + status + (version >= 0 ? ", version=" + version : "") + ", " + detail + "]";
    }
}
