package io.dmkit.provisioning.azure.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmkit.api.ConnectionReason;
import io.dmkit.provisioning.azure.protocol.DpsTopics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DpsAnswerTest {

    private final DpsSettings individual = DpsSettings.from(DpsSettingsTest.dps()
            .option("azure.dps.registration.id", "gw-001").key(DpsSettingsTest.KEY).build());
    private final DpsSettings group = DpsSettings.from(DpsSettingsTest.dps()
            .option("azure.dps.registration.id", "gw-001").option("azure.dps.group.key", DpsSettingsTest.KEY).build());

    private static DpsAnswer.Step answer(DpsSettings s, int status, Integer retryAfter, String body) {
        return DpsAnswer.interpret(new DpsTopics.Response(status, "r",
                Optional.ofNullable(retryAfter).map(Duration::ofSeconds)), body.getBytes(StandardCharsets.UTF_8), s);
    }

    private static final String ASSIGNED = "{\"operationId\":\"op\",\"status\":\"assigned\",\"registrationState\":{"
            + "\"registrationId\":\"gw-001\",\"assignedHub\":\"hub.example\",\"deviceId\":\"dev-1\",\"status\":"
            + "\"assigned\",\"substatus\":\"initialAssignment\",\"etag\":\"e1\",\"payload\":{\"site\":\"north\"}}}";

    @Test
    void anAssignmentSuppliesTheHubAndDeviceIdAndShowsTheState() {
        DpsAnswer.Step step = answer(individual, 200, null, ASSIGNED);

        assertThat(step.identity().settings()).containsOnlyKeys("host", "device.id")
                .containsEntry("host", "hub.example").containsEntry("device.id", "dev-1");
        assertThat(step.identity().details()).containsEntry("substatus", "initialAssignment")
                .containsEntry("etag", "e1").containsEntry("assignedHub", "hub.example");
        assertThat(step.identity().payload()).contains("{\"site\":\"north\"}");
    }

    @Test
    void aGroupMembersAssignmentSuppliesTheDerivedKeyForTheHub() {
        assertThat(answer(group, 200, null, ASSIGNED).identity().settings()).containsKey("key");
        assertThat(answer(group, 200, null, ASSIGNED).identity().toString()).doesNotContain(DpsSettingsTest.KEY);
    }

    @Test
    void assigningMeansPollAfterTheRetryAfterOrThreeSeconds() {
        DpsAnswer.Step step = answer(individual, 202, 1, "{\"operationId\":\"op-1\",\"status\":\"assigning\"}");
        assertThat(step.operationId()).isEqualTo("op-1");
        assertThat(step.pollAfter()).isEqualTo(Duration.ofSeconds(1));
        assertThat(answer(individual, 202, null, "{\"operationId\":\"op-1\",\"status\":\"assigning\"}").pollAfter())
                .isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void refusalsBecomeTheSessionsReasonsWithTheServicesWords() {
        var bad = answer(individual, 401, null, "{\"errorCode\":401002,\"message\":\"Unauthorized\"}").failure();
        assertThat(bad.reason()).isEqualTo(ConnectionReason.BAD_CREDENTIAL);
        assertThat(bad.getMessage()).contains("401: 'Unauthorized' (error '401002')", "0ne00000001");
        assertThat(bad.isPermanent()).isFalse();

        var unknown = answer(individual, 404, null, "{\"errorCode\":404201}").failure();
        assertThat(unknown.reason()).isEqualTo(ConnectionReason.BAD_CREDENTIAL);
        assertThat(unknown.getMessage()).contains("no enrollment", "gw-001");

        var throttled = answer(individual, 429, 7, "{}").failure();
        assertThat(throttled.reason()).isEqualTo(ConnectionReason.QUOTA_EXCEEDED);
        assertThat(throttled.retryAfter()).contains(Duration.ofSeconds(7));
    }

    @Test
    void aDisabledEnrollmentIsAPermanentFailure() {
        var disabled = answer(individual, 200, null, "{\"operationId\":\"op\",\"status\":\"disabled\","
                + "\"registrationState\":{\"registrationId\":\"gw-001\",\"status\":\"disabled\"}}").failure();
        assertThat(disabled.reason()).isEqualTo(ConnectionReason.DEVICE_DISABLED);
        assertThat(disabled.isPermanent()).isTrue();
        assertThat(disabled.getMessage()).contains("enrollment is disabled");
    }

    @Test
    void malformedAnswersAreCommunicationErrorsThatQuoteNothingRaw() {
        assertThat(answer(individual, 200, null, "{nope").failure().reason())
                .isEqualTo(ConnectionReason.COMMUNICATION_ERROR);
        assertThat(answer(individual, 200, null, "{\"status\":\"assigned\"}").failure().getMessage())
                .contains("without a registrationState");
        assertThat(answer(individual, 200, null, "{\"status\":\"assigned\",\"registrationState\":{\"deviceId\":\"d\"}}")
                .failure().getMessage()).contains("without an assignedHub");
        assertThat(answer(individual, 200, null, "{\"status\":\"odd\\nline\"}").failure().getMessage())
                .doesNotContain("\n");
    }
}
