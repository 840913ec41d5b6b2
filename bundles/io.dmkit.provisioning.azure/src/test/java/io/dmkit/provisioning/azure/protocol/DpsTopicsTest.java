package io.dmkit.provisioning.azure.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DpsTopicsTest {

    @Test
    void namesTheRegistrationAsTheServiceExpects() {
        assertThat(DpsTopics.userName("0ne00000001", "gw-1")).isEqualTo("0ne00000001/registrations/gw-1/api-version=2019-03-31");
        assertThat(DpsTopics.sasResource("0ne00000001", "gw-1")).isEqualTo("0ne00000001/registrations/gw-1");
        assertThat(DpsTopics.register("r1")).isEqualTo("$dps/registrations/PUT/iotdps-register/?$rid=r1");
        assertThat(DpsTopics.operationStatus("r2", "4.abc def"))
                .isEqualTo("$dps/registrations/GET/iotdps-get-operationstatus/?$rid=r2&operationId=4.abc%20def");
    }

    @Test
    void readsTheStatusRequestIdAndRetryAfterOfAnAnswer() {
        assertThat(DpsTopics.parseResponse("$dps/registrations/res/202/?$rid=r1&retry-after=3"))
                .isEqualTo(new DpsTopics.Response(202, "r1", Optional.of(Duration.ofSeconds(3))));
        assertThat(DpsTopics.parseResponse("$dps/registrations/res/200/?$rid=r1"))
                .isEqualTo(new DpsTopics.Response(200, "r1", Optional.empty()));
        assertThat(DpsTopics.parseResponse(DpsTopics.response(429, "x", Optional.of(Duration.ofSeconds(9)))))
                .isEqualTo(new DpsTopics.Response(429, "x", Optional.of(Duration.ofSeconds(9))));
    }

    @Test
    void anAbsurdRetryAfterIsCappedAtAnHour() {
        assertThat(DpsTopics.parseResponse("$dps/registrations/res/429/?$rid=r&retry-after=999999").retryAfter())
                .contains(Duration.ofHours(1));
    }

    @Test
    void refusesTopicsThatAreNotAnswersSayingWhy() {
        assertThatThrownBy(() -> DpsTopics.parseResponse("$iothub/twin/res/200/?$rid=1"))
                .hasMessageContaining("not a DPS response topic");
        assertThatThrownBy(() -> DpsTopics.parseResponse("$dps/registrations/res/abc/?$rid=1"))
                .hasMessageContaining("no numeric status");
        assertThatThrownBy(() -> DpsTopics.parseResponse("$dps/registrations/res/200/?retry-after=1"))
                .hasMessageContaining("no $rid");
        assertThatThrownBy(() -> DpsTopics.parseResponse("$dps/registrations/res/200/?$rid=1&retry-after=soon"))
                .hasMessageContaining("not a number of seconds");
    }
}
