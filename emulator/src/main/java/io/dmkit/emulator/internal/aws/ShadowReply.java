package io.dmkit.emulator.internal.aws;

import com.google.gson.JsonObject;

/**
 * A message the shadow service publishes in answer to a request.
 *
 * @param suffix the topic after the shadow's prefix: {@code update/accepted}, {@code update/delta}, …
 */
record ShadowReply(String suffix, JsonObject payload) {

    /** The full topic for the shadow {@code key}. */
    String topic(ShadowKey key) {
        return key.topicPrefix() + "/" + suffix;
    }
}
