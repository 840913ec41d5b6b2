package io.dmkit.emulator.internal.aws;

import java.util.List;

/**
 * An accepted shadow request: the shadow's version afterwards and the replies to publish, in order.
 */
record ShadowOutcome(long version, List<ShadowReply> replies) {

    ShadowOutcome {
        replies = List.copyOf(replies);
    }
}
