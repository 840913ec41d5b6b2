package io.dmkit.emulator.internal.aws;

import com.google.gson.JsonObject;
import io.dmkit.transport.aws.protocol.AwsTopics;
import io.dmkit.transport.aws.protocol.ShadowKey;
import io.dmkit.transport.aws.protocol.ShadowResponse;

/**
 * A message the shadow service publishes in answer to a request.
 *
 * @param response which answer or notice: {@code update/accepted}, {@code update/delta}, …
 */
record ShadowReply(ShadowResponse response, JsonObject payload) {

    /** The full topic for the shadow {@code key}. */
    String topic(ShadowKey key) {
        return AwsTopics.shadowResponse(key, response);
    }
}
