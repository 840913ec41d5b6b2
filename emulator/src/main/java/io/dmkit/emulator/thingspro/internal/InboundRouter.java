package io.dmkit.emulator.thingspro.internal;

import io.dmkit.emulator.thingspro.ReceivedMessage;
import io.dmkit.transport.thingspro.protocol.ThingsProTopic;
import io.dmkit.transport.thingspro.protocol.ThingsProTopics;
import io.dmkit.transport.thingspro.protocol.TopicKind;
import io.dmkit.transport.thingspro.protocol.TopicParseResult;
import io.dmkit.wire.text.Printable;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes every message the service receives to the handler of its topic kind. Runs on the MQTT
 * client's callback thread, so it never throws: an exception there would make Paho drop the
 * connection. Every message is hostile until parsed; what cannot be handled gets the spec's error
 * status where a reply is possible (a reported patch, a command reply naming a pending request),
 * and a log line otherwise. A twin request whose rid cannot be read cannot be answered: the device
 * times out, as the spec expects of a lost request.
 */
public final class InboundRouter {

    private static final Logger LOG = LoggerFactory.getLogger(InboundRouter.class);

    private final ThingsProTopics topics;
    private final StatusTracker status;
    private final TelemetryRecorder telemetry;
    private final TwinService twins;
    private final CommandInvoker commands;

    public InboundRouter(ThingsProTopics topics, StatusTracker status, TelemetryRecorder telemetry, TwinService twins,
            CommandInvoker commands) {
        this.topics = topics;
        this.status = status;
        this.telemetry = telemetry;
        this.twins = twins;
        this.commands = commands;
    }

    /** Handles one message; never throws (short of the JVM failing). */
    public void onMessage(String topic, byte[] payload, boolean retained) {
        try {
            route(topic, payload == null ? new byte[0] : payload, retained, Instant.now());
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable t) {
            LOG.error("Failed to handle a message on topic " + Printable.quote(topic)
                    + "; it is dropped and the connection kept", t);
        }
    }

    private void route(String topic, byte[] payload, boolean retained, Instant receivedAt) {
        TopicParseResult parsed = topics.parse(topic);
        if (!parsed.isValid()) {
            rejected(topic, parsed, payload, receivedAt);
            return;
        }
        ThingsProTopic t = parsed.topic().orElseThrow();
        if (retained && t.kind() != TopicKind.STATUS) {
            LOG.warn("Ignored a retained message on " + Printable.quote(topic) + ": only status is"
                    + " retained, anything else is a stale replay (spec section 1); clear it with an empty retained"
                    + " publish to that topic");
            return;
        }
        switch (t.kind()) {
            case STATUS -> status.onStatus(t.deviceId(), payload, receivedAt);
            case MESSAGE -> telemetry.record(
                    ReceivedMessage.valid(t.deviceId(), topic, t.properties(), payload, receivedAt));
            case TWIN_GET -> twins.onGet(t.deviceId(), t.rid());
            case TWIN_REPORTED -> twins.onReported(t.deviceId(), t.rid(), payload);
            case COMMAND_RESPONSE -> commands.onResponse(t.deviceId(), t.rid(), t.status(), payload);
            case TWIN_RESPONSE, TWIN_DESIRED,
                    COMMAND_REQUEST -> LOG.warn("Ignored a message on " + Printable.quote(topic) + ": the service sends " + t.kind()
                            + " topics, it does not receive them");
        }
    }

    private void rejected(String topic, TopicParseResult parsed, byte[] payload, Instant receivedAt) {
        String reason = parsed.rejection().orElse("invalid topic");
        String deviceId = parsed.deviceId().orElse(null);
        String rid = parsed.rid().orElse(null);
        TopicKind kind = parsed.kind().orElse(null);
        if (kind == TopicKind.MESSAGE && deviceId != null) {
            LOG.warn("Recorded an invalid message of device " + Printable.quote(deviceId) + ": "
                    + reason);
            telemetry.record(ReceivedMessage.invalid(deviceId, topic, payload, receivedAt, reason));
        } else if (kind == TopicKind.COMMAND_RESPONSE && deviceId != null && rid != null) {
            LOG.warn("Malformed command reply of device " + Printable.quote(deviceId) + ": " + reason);
            commands.onMalformedResponse(deviceId, rid, reason);
        } else {
            LOG.warn("Ignored a message with an invalid topic: " + reason);
        }
    }
}
