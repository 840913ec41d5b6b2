package io.dmkit.emulator.internal.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.dmkit.transport.aws.protocol.ShadowKey;
import io.dmkit.transport.aws.protocol.ShadowOperation;
import io.dmkit.transport.aws.protocol.ShadowResponse;
import org.junit.jupiter.api.Test;

/** The topics the shadow service answers on; the grammar itself is tested with the transport that shares it. */
class ShadowReplyTest {

    @Test
    void repliesArePublishedUnderTheShadowsPrefix() {
        assertThat(new ShadowReply(ShadowResponse.UPDATE_DELTA, new JsonObject()).topic(ShadowKey.named("t1", "cfg")))
                .isEqualTo("$aws/things/t1/shadow/name/cfg/update/delta");
        assertThat(new ShadowReply(ShadowOperation.DELETE.rejected(), new JsonObject()).topic(ShadowKey.classic("t1")))
                .isEqualTo("$aws/things/t1/shadow/delete/rejected");
    }
}
