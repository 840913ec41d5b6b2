package io.dmkit.emulator.internal.aws;

import java.util.Optional;

/** The three requests a device publishes under a shadow's topic prefix, and their reply topics. */
enum ShadowOperation {
    GET("get"), UPDATE("update"), DELETE("delete");

    private final String stub;

    ShadowOperation(String stub) {
        this.stub = stub;
    }

    /** The topic level after the shadow prefix: {@code get}, {@code update} or {@code delete}. */
    String stub() {
        return stub;
    }

    /** {@code get/accepted}, {@code update/accepted}, … */
    String accepted() {
        return stub + "/accepted";
    }

    /** {@code get/rejected}, {@code update/rejected}, … */
    String rejected() {
        return stub + "/rejected";
    }

    static Optional<ShadowOperation> ofStub(String stub) {
        for (ShadowOperation operation : values()) {
            if (operation.stub.equals(stub)) {
                return Optional.of(operation);
            }
        }
        return Optional.empty();
    }
}
