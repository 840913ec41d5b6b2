package io.dmkit.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One MQTT message as a fuzz input: {@code <flags><topic>\0<payload>}. The low two bits of the first
 * byte are flags (bit 0: retained; bit 1: an MQTT 5 message expiry follows the topic's NUL as 4 bytes,
 * big-endian), so that seed files stay readable: {@code 0dm/dev-1/twin/desired/2\0{"a":1}} is a plain
 * message. MQTT topics cannot contain U+0000, which is why NUL ends the topic; without one the whole
 * rest is the topic and the payload is empty. Topic bytes are decoded as UTF-8, malformed sequences
 * replaced, as a client library hands a topic over: always a well-formed string.
 */
public record WireInput(String topic, byte[] payload, boolean retained, Long messageExpirySeconds) {

    public static WireInput of(byte[] input) {
        if (input.length == 0) {
            return new WireInput("", new byte[0], false, null);
        }
        int flags = input[0] & 0x03;
        int nul = indexOf(input, (byte) 0, 1);
        int topicEnd = nul < 0 ? input.length : nul;
        String topic = new String(input, 1, topicEnd - 1, StandardCharsets.UTF_8);
        int payloadStart = nul < 0 ? input.length : nul + 1;
        Long expiry = null;
        if ((flags & 2) != 0 && payloadStart + 4 <= input.length) {
            expiry = ((input[payloadStart] & 0xFFL) << 24) | ((input[payloadStart + 1] & 0xFFL) << 16)
                    | ((input[payloadStart + 2] & 0xFFL) << 8) | (input[payloadStart + 3] & 0xFFL);
            payloadStart += 4;
        }
        return new WireInput(topic, Arrays.copyOfRange(input, payloadStart, input.length), (flags & 1) != 0, expiry);
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        return "WireInput[topic=" + topic + ", " + payload.length + " bytes, retained=" + retained + "]";
    }
}
