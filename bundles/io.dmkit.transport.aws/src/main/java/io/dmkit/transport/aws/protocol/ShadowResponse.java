package io.dmkit.transport.aws.protocol;

import java.util.Optional;

/**
 * What the Device Shadow service publishes under a shadow's topic prefix: the answer to each request,
 * and the two notices of an accepted update ({@code update/delta} when desired and reported differ,
 * {@code update/documents} with the previous and current documents).
 */
public enum ShadowResponse {
    GET_ACCEPTED(ShadowOperation.GET, "accepted"),
    GET_REJECTED(ShadowOperation.GET, "rejected"),
    UPDATE_ACCEPTED(ShadowOperation.UPDATE, "accepted"),
    UPDATE_REJECTED(ShadowOperation.UPDATE, "rejected"),
    UPDATE_DELTA(ShadowOperation.UPDATE, "delta"),
    UPDATE_DOCUMENTS(ShadowOperation.UPDATE, "documents"),
    DELETE_ACCEPTED(ShadowOperation.DELETE, "accepted"),
    DELETE_REJECTED(ShadowOperation.DELETE, "rejected");

    private final ShadowOperation operation;
    private final String suffix;

    ShadowResponse(ShadowOperation operation, String last) {
        this.operation = operation;
        this.suffix = operation.stub() + "/" + last;
    }

    /** The request this answers or follows. */
    public ShadowOperation operation() {
        return operation;
    }

    /** The topic after the shadow's prefix: {@code get/accepted}, {@code update/delta}, … */
    public String suffix() {
        return suffix;
    }

    static ShadowResponse of(ShadowOperation operation, String last) {
        return ofSuffix(operation.stub() + "/" + last).orElseThrow();
    }

    public static Optional<ShadowResponse> ofSuffix(String suffix) {
        for (ShadowResponse response : values()) {
            if (response.suffix.equals(suffix)) {
                return Optional.of(response);
            }
        }
        return Optional.empty();
    }
}
