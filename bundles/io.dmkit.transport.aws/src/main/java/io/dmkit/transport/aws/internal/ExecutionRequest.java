package io.dmkit.transport.aws.internal;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.dmkit.api.spi.context.IncomingCommand;
import io.dmkit.wire.json.StrictJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * An AWS IoT Commands execution request read as a dmkit command (docs/clouds/aws.md, "Commands"). The
 * request topic carries only the execution id, so the command name travels in the payload, by the
 * convention of protocols.md §7.5: {@code {"name":"<command>","params":<any JSON>}}. The handler gets
 * {@code params} as its JSON payload (empty when {@code params} is missing or null); the MQTT 5 message
 * expiry, which AWS sets to the execution's timeout, becomes the command's timeout.
 */
final class ExecutionRequest {

    /** A request that cannot be dispatched; the message says why and goes back to the service. */
    static final class MalformedException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedException(String message) {
            super(message);
        }
    }

    private ExecutionRequest() {
    }

    /**
     * @param executionId the execution id from the topic: the command's request id, which its reply names
     * @param messageExpirySeconds the request's MQTT 5 message expiry interval, or null
     * @throws MalformedException for a payload that is not UTF-8 JSON of the agreed shape
     */
    static IncomingCommand parse(String executionId, byte[] payload, Long messageExpirySeconds)
            throws MalformedException {
        JsonObject request = object(payload);
        JsonElement name = request.get("name");
        if (name == null || !name.isJsonPrimitive() || !name.getAsJsonPrimitive().isString()
                || name.getAsString().isBlank()) {
            throw new MalformedException("the request names no command: dmkit expects {\"name\":\"<command>\","
                    + "\"params\":<JSON>} as the payload of AWS IoT Commands");
        }
        JsonElement params = request.get("params");
        byte[] handlerPayload = params == null || params.isJsonNull() ? new byte[0]
                : params.toString().getBytes(StandardCharsets.UTF_8);
        Duration timeout = messageExpirySeconds != null && messageExpirySeconds > 0
                ? Duration.ofSeconds(messageExpirySeconds) : null;
        return new IncomingCommand(executionId, name.getAsString(), handlerPayload, timeout);
    }

    private static JsonObject object(byte[] payload) throws MalformedException {
        try {
            // Bounded depth: writing params out for the handler would overflow the stack of Paho's callback thread.
            return StrictJson.parseObject(payload, Integer.MAX_VALUE, StrictJson.MAX_DEPTH, true);
        } catch (StrictJson.Rejection e) {
            throw new MalformedException(e.messageAbout("the request payload"));
        }
    }
}
