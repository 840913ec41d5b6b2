package io.dmkit.examples.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmkit.api.TwinUpdate;
import org.junit.jupiter.api.Test;

class DesiredIntervalTest {

    @Test
    void completeTwinIsReadFromItsDesiredSection() {
        TwinUpdate complete = new TwinUpdate(TwinUpdate.Kind.COMPLETE,
                "{\"desired\":{\"telemetryIntervalSeconds\":30,\"$version\":4},\"reported\":{\"$version\":2}}", 4);
        assertThat(DesiredInterval.from(complete)).isEqualTo(new DesiredInterval.Result.Valid(30));
    }

    @Test
    void partialPatchIsReadDirectly() {
        TwinUpdate partial = new TwinUpdate(TwinUpdate.Kind.PARTIAL, "{\"telemetryIntervalSeconds\":5,\"$version\":5}", 5);
        assertThat(DesiredInterval.from(partial)).isEqualTo(new DesiredInterval.Result.Valid(5));
    }

    @Test
    void otherPropertiesLeaveTheIntervalAlone() {
        TwinUpdate partial = new TwinUpdate(TwinUpdate.Kind.PARTIAL, "{\"colour\":\"red\",\"$version\":6}", 6);
        assertThat(DesiredInterval.from(partial)).isEqualTo(new DesiredInterval.Result.Absent());
    }

    @Test
    void fractionsTextAndOutOfRangeValuesAreRefused() {
        for (String value : new String[] {"1.5", "\"10\"", "0", "86401", "[]"}) {
            TwinUpdate partial = new TwinUpdate(TwinUpdate.Kind.PARTIAL,
                    "{\"telemetryIntervalSeconds\":" + value + ",\"$version\":7}", 7);
            assertThat(DesiredInterval.from(partial)).isEqualTo(new DesiredInterval.Result.Invalid(value));
        }
    }
}
