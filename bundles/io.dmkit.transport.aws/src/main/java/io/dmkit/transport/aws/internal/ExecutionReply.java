package io.dmkit.transport.aws.internal;

import com.google.gson.JsonObject;
import io.dmkit.api.CommandResponse;
import io.dmkit.transport.aws.protocol.ExecutionStatus;
import io.dmkit.transport.aws.protocol.HttpReasonCode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The answer to an AWS IoT Commands execution, published once to {@code …/executions/{id}/response/json}
 * (docs/clouds/aws.md, "Commands"):
 * {@code {"status":…,"statusReason":{"reasonCode":"HTTP_<status>"},"result":{"response":{"s":"<reply>"}}}}.
 * The status follows {@link ExecutionStatus#forHttpStatus}; the exact status is kept in the reason code;
 * the handler's reply is the string result {@code response} ({@code "bin"}, base64, when it is not UTF-8
 * text; no result when it is empty).
 */
final class ExecutionReply {

    /** AWS's limit for {@code statusReason.reasonDescription}. */
    static final int MAX_DESCRIPTION = 1024;

    private ExecutionReply() {
    }

    /** The answer that reports a handler's (or the core's) response. */
    static byte[] of(CommandResponse response) {
        JsonObject body = new JsonObject();
        body.addProperty("status", ExecutionStatus.forHttpStatus(response.status()).name());
        JsonObject reason = new JsonObject();
        reason.addProperty("reasonCode", HttpReasonCode.of(response.status()));
        body.add("statusReason", reason);
        byte[] payload = response.payload();
        if (payload.length > 0) {
            JsonObject value = new JsonObject();
            String text = utf8(payload);
            if (text != null) {
                value.addProperty("s", text);
            } else {
                value.addProperty("bin", Base64.getEncoder().encodeToString(payload));
            }
            JsonObject result = new JsonObject();
            result.add("response", value);
            body.add("result", result);
        }
        return bytes(body);
    }

    /** The answer to a request that could not be dispatched: REJECTED, 400, and why. */
    static byte[] malformed(String why) {
        JsonObject body = new JsonObject();
        body.addProperty("status", ExecutionStatus.REJECTED.name());
        JsonObject reason = new JsonObject();
        reason.addProperty("reasonCode", HttpReasonCode.of(400));
        reason.addProperty("reasonDescription", why.length() <= MAX_DESCRIPTION ? why : why.substring(0, MAX_DESCRIPTION));
        body.add("statusReason", reason);
        return bytes(body);
    }

    private static String utf8(byte[] payload) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(payload)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static byte[] bytes(JsonObject body) {
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }
}
