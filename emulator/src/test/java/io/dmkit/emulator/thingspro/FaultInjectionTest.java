package io.dmkit.emulator.thingspro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonParser;
import io.dmkit.emulator.thingspro.TestDevice.Received;
import org.junit.jupiter.api.Test;

/** The test hooks that make the service misbehave on purpose. */
class FaultInjectionTest extends ServiceTestBase {

    @Test
    void theNextTwinGetsAreAnsweredWithTheInjectedStatusThenNormally() throws Exception {
        TestDevice device = device("throttled");
        service.failNextTwinRequests(device.id(), TwinRequestType.GET, 2, 429);

        Received first = device.twinGet("g1");
        Received second = device.twinGet("g2");
        Received third = device.twinGet("g3");
        assertThat(first.status()).isEqualTo(429);
        assertThat(JsonParser.parseString(first.text()).getAsJsonObject().has("error")).isTrue();
        assertThat(second.status()).isEqualTo(429);
        assertThat(third.status()).isEqualTo(200);
    }

    @Test
    void aFailedReportedPatchIsNotMerged() throws Exception {
        TestDevice device = device("failing");
        service.failNextTwinRequests(device.id(), TwinRequestType.REPORTED, 1, 500);
        assertThat(device.report("r1", "{\"a\":1}").status()).isEqualTo(500);
        assertThat(service.twin(device.id()).reportedVersion()).isEqualTo(1);
        assertThat(device.report("r2", "{\"a\":1}").status()).isEqualTo(200);
        assertThat(service.twin(device.id()).reportedVersion()).isEqualTo(2);
    }

    @Test
    void aDroppedRequestGetsNoAnswerAndChangesNothing() throws Exception {
        TestDevice device = device("dropped");
        service.dropNextTwinRequests(device.id(), TwinRequestType.REPORTED, 1);
        device.publish("twin/reported/lost", "{\"a\":1}");
        // Requests of one device are handled in order and answers leave in order: once the answer
        // to the next request is here, an answer to the dropped one would have come before it.
        assertThat(device.report("next", "{\"b\":2}").status()).isEqualTo(200);
        assertThat(device.received()).noneMatch(r -> r.topic().endsWith("/lost"));
        assertThat(service.twin(device.id()).reportedVersion()).as("only the second patch merged").isEqualTo(2);
        assertThat(service.twin(device.id()).reported()).doesNotContain("\"a\"");
    }

    @Test
    void faultsApplyOnlyToTheDeviceAndRequestTypeTheyWerePlannedFor() throws Exception {
        TestDevice target = device("target");
        TestDevice bystander = device("bystander");
        service.failNextTwinRequests(target.id(), TwinRequestType.GET, 1, 503);
        assertThat(bystander.twinGet("g").status()).isEqualTo(200);
        assertThat(target.report("r", "{}").status()).isEqualTo(200);
        assertThat(target.twinGet("g").status()).isEqualTo(503);
    }

    @Test
    void clearingFaultsRestoresNormalAnswers() throws Exception {
        TestDevice device = device("cleared");
        service.failNextTwinRequests(device.id(), TwinRequestType.GET, 5, 500);
        service.clearTwinFaults(device.id());
        assertThat(device.twinGet("g").status()).isEqualTo(200);
    }

    @Test
    void faultHooksRefuseNonsense() {
        assertThatThrownBy(() -> service.failNextTwinRequests("gw", TwinRequestType.GET, 1, 200))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("non-2xx");
        assertThatThrownBy(() -> service.failNextTwinRequests("gw", TwinRequestType.GET, 0, 500))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("count");
        assertThatThrownBy(() -> service.dropNextTwinRequests("a+b", TwinRequestType.GET, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
