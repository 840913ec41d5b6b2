package io.dmkit.transport.aws.protocol;

import java.util.Optional;

/** The three requests a device publishes under a shadow's topic prefix. */
public enum ShadowOperation {
    GET("get"), UPDATE("update"), DELETE("delete");

    private final String stub;

    ShadowOperation(String stub) {
        this.stub = stub;
    }

    /** The topic level after the shadow prefix: {@code get}, {@code update} or {@code delete}. */
    public String stub() {
        return stub;
    }

    /** The response that accepts this request: {@code get/accepted}, … */
    public ShadowResponse accepted() {
        return ShadowResponse.of(this, "accepted");
    }

    /** The response that rejects this request: {@code get/rejected}, … */
    public ShadowResponse rejected() {
        return ShadowResponse.of(this, "rejected");
    }

    public static Optional<ShadowOperation> ofStub(String stub) {
        for (ShadowOperation operation : values()) {
            if (operation.stub.equals(stub)) {
                return Optional.of(operation);
            }
        }
        return Optional.empty();
    }
}
