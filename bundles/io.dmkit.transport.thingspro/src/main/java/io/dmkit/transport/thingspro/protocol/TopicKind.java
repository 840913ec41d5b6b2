package io.dmkit.transport.thingspro.protocol;

/** What a topic of the protocol is for (spec §3). */
public enum TopicKind {
    /** {@code {root}/{id}/status}: the device's retained online/offline state. */
    STATUS(true),
    /** {@code {root}/{id}/messages} or {@code {root}/{id}/messages/{bag}}: telemetry. */
    MESSAGE(true),
    /** {@code {root}/{id}/twin/get/{rid}}: the device asks for its twin. */
    TWIN_GET(true),
    /** {@code {root}/{id}/twin/reported/{rid}}: a reported-properties patch. */
    TWIN_REPORTED(true),
    /** {@code {root}/{id}/twin/res/{status}/{rid}}: the service's answer to a twin request. */
    TWIN_RESPONSE(false),
    /** {@code {root}/{id}/twin/desired/{version}}: a desired-properties patch. */
    TWIN_DESIRED(false),
    /** {@code {root}/{id}/commands/req/{name}/{rid}[/{timeoutMs}]}: a command for the device. */
    COMMAND_REQUEST(false),
    /** {@code {root}/{id}/commands/res/{status}/{rid}}: the device's reply to a command. */
    COMMAND_RESPONSE(true);

    private final boolean sentByDevice;

    TopicKind(boolean sentByDevice) {
        this.sentByDevice = sentByDevice;
    }

    /** Whether the device publishes to topics of this kind (else the service does). */
    public boolean sentByDevice() {
        return sentByDevice;
    }
}
