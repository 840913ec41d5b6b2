package io.dmkit.emulator.internal.fleet;

/** A fleet provisioning request the service refuses, with the answer it sends on {@code /rejected}. */
final class RejectedRequest extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient FleetRejection rejection;

    RejectedRequest(FleetRejection rejection) {
        super(rejection.summary(), null, false, false);
        this.rejection = rejection;
    }

    FleetRejection rejection() {
        return rejection;
    }
}
