package io.dmkit.core.internal.twin;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmkit.api.TwinUpdate;
import io.dmkit.fuzz.Nesting;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

/** The core's twin sync given the hostile documents that a broken or malicious service could send. */
class TwinSyncHostileInputTest {

    private static final String TWIN = "{\"desired\":{\"a\":1,\"$version\":3},\"reported\":{\"$version\":1}}";

    @Test
    void twinNestedOneHundredThousandLevelsDeepIsRefusedWithoutStackOverflow() {
        try (TwinSyncHarness harness = new TwinSyncHarness()) {
            harness.connect("{\"desired\":{\"$version\":3,\"deep\":" + Nesting.arrays(Nesting.HOSTILE_DEPTH)
                    + "},\"reported\":{}}");

            assertThat(harness.delivered).isEmpty();
        }
    }

    @Test
    void desiredPatchNestedOneHundredThousandLevelsDeepIsDroppedAndLaterPatchesStillArrive() {
        try (TwinSyncHarness harness = new TwinSyncHarness()) {
            harness.connect(TWIN);
            harness.patch(Nesting.objects(Nesting.HOSTILE_DEPTH), 4);
            harness.patch("{\"a\":2}", 5);

            assertThat(harness.delivered).extracting(TwinUpdate::kind, TwinUpdate::version)
                    .containsExactly(Tuple.tuple(TwinUpdate.Kind.COMPLETE, 3L),
                            Tuple.tuple(TwinUpdate.Kind.PARTIAL, 5L));
        }
    }

    @Test
    void patchesThatAreNotOneStrictJsonObjectAreDropped() {
        try (TwinSyncHarness harness = new TwinSyncHarness()) {
            harness.connect(TWIN);
            String[] refused = {"", "[]", "null", "{\"a\":1} {\"b\":2}", "{a:1}", "{\"a\":NaN}", "{\"a\":'x'}",
                "{\"a\":1,}", "{\"a\":\"\u0000\"", "{\"a\":\"\u0001\"}"};
            long version = 4;
            for (String patch : refused) {
                harness.patch(patch, version++);
            }

            assertThat(harness.delivered).extracting(TwinUpdate::kind).containsExactly(TwinUpdate.Kind.COMPLETE);
        }
    }

    @Test
    void twinWithAMemberRepeatedInOneObjectIsRefused() {
        try (TwinSyncHarness harness = new TwinSyncHarness()) {
            harness.connect("{\"desired\":{\"a\":1,\"a\":2,\"$version\":3},\"reported\":{}}");

            assertThat(harness.delivered).isEmpty();
        }
    }

    @Test
    void desiredPatchWithAMemberRepeatedInOneObjectIsDroppedAndLaterPatchesStillArrive() {
        try (TwinSyncHarness harness = new TwinSyncHarness()) {
            harness.connect(TWIN);
            harness.patch("{\"b\":1,\"b\":{\"c\":3}}", 4);
            harness.patch("{\"b\":2}", 5);

            assertThat(harness.delivered).extracting(TwinUpdate::kind, TwinUpdate::version)
                    .containsExactly(Tuple.tuple(TwinUpdate.Kind.COMPLETE, 3L),
                            Tuple.tuple(TwinUpdate.Kind.PARTIAL, 5L));
        }
    }

    @Test
    void twinOfTenMegabytesIsDeliveredWhole() {
        String big = "x".repeat(10 << 20);
        try (TwinSyncHarness harness = new TwinSyncHarness()) {
            harness.connect("{\"desired\":{\"big\":\"" + big + "\",\"$version\":3},\"reported\":{}}");

            assertThat(harness.delivered).singleElement()
                    .satisfies(update -> assertThat(update.json()).contains(big));
        }
    }
}
