package io.dmkit.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.google.gson.JsonObject;
import io.dmkit.api.DmResult;
import io.dmkit.api.DmSession;
import io.dmkit.api.TwinUpdate;
import io.dmkit.testing.Await;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.Test;

/**
 * The device shadow as the twin (docs/clouds/aws.md, "Shadow and twin"): COMPLETE from
 * {@code /get/accepted} on every connect, PARTIAL from {@code /update/delta}, reported patches as
 * shadow updates answered with AWS's version or code.
 */
public class AwsShadowIT extends AwsEmulatorSupport {

    @Test
    public void completeTwinIsTheShadowInTheAzureShapeThenDeltasArrivePartialInVersionOrder() throws Exception {
        Thing thing = registerThing("shadow-1");
        long v1 = patchDesired(thing, "{\"interval\":10,\"mode\":\"eco\"}");
        List<TwinUpdate> updates = twinUpdates("shadow");
        connected(sessionProperties("shadow", thing));

        TwinUpdate complete = awaitUpdate(updates, 1);
        assertThat(complete.kind()).isEqualTo(TwinUpdate.Kind.COMPLETE);
        assertThat(complete.version()).isEqualTo(v1);
        assertThat(json(complete.json())).isEqualTo(json("{\"desired\":{\"interval\":10,\"mode\":\"eco\",\"$version\":"
                + v1 + "},\"reported\":{\"$version\":" + v1 + "}}"));

        long v2 = patchDesired(thing, "{\"interval\":20}");
        long v3 = patchDesired(thing, "{\"mode\":\"boost\",\"nested\":{\"a\":1}}");
        awaitUpdate(updates, 3);
        assertThat(updates).extracting(TwinUpdate::kind, TwinUpdate::version).containsExactly(
                tuple(TwinUpdate.Kind.COMPLETE, v1), tuple(TwinUpdate.Kind.PARTIAL, v2),
                tuple(TwinUpdate.Kind.PARTIAL, v3));
        // A delta is what desired has that reported does not: nothing is reported, so all of desired.
        assertThat(json(updates.get(1).json())).isEqualTo(json("{\"interval\":20,\"mode\":\"eco\",\"$version\":" + v2
                + "}"));
        assertThat(json(updates.get(2).json())).isEqualTo(json("{\"interval\":20,\"mode\":\"boost\",\"nested\":{\"a\":1},"
                + "\"$version\":" + v3 + "}"));
    }

    @Test
    public void thingWithoutAShadowHasTheEmptyTwinAtVersionZeroUntilTheFirstUpdate() throws Exception {
        Thing thing = registerThing("shadow-none");
        List<TwinUpdate> updates = twinUpdates("none");
        connected(sessionProperties("none", thing));

        TwinUpdate complete = awaitUpdate(updates, 1);
        assertThat(json(complete.json())).isEqualTo(json("{\"desired\":{\"$version\":0},\"reported\":{\"$version\":0}}"));
        long v1 = patchDesired(thing, "{\"first\":true}");
        TwinUpdate partial = awaitUpdate(updates, 2);
        assertThat(partial.kind()).isEqualTo(TwinUpdate.Kind.PARTIAL);
        assertThat(partial.version()).isEqualTo(v1).isPositive();
    }

    @Test
    public void desiredChangesMadeWhileOfflineAreInTheCompleteTwinOnReconnect() throws Exception {
        Thing thing = registerThing("shadow-offline");
        patchDesired(thing, "{\"before\":1}");
        List<TwinUpdate> updates = twinUpdates("offline");
        DmSession session = connected(sessionProperties("offline", thing));
        awaitUpdate(updates, 1);

        session.disconnect().toCompletableFuture().get(10, TimeUnit.SECONDS);
        patchDesired(thing, "{\"whileOffline\":1}");
        long offline = patchDesired(thing, "{\"before\":null,\"alsoWhileOffline\":2}");
        session.connect();

        TwinUpdate second = awaitUpdate(updates, 2);
        assertThat(second.kind()).as("no delta reaches an offline device: the changes come in the COMPLETE twin")
                .isEqualTo(TwinUpdate.Kind.COMPLETE);
        assertThat(second.version()).isEqualTo(offline);
        assertThat(json(second.json()).getAsJsonObject("desired")).isEqualTo(json("{\"whileOffline\":1,"
                + "\"alsoWhileOffline\":2,\"$version\":" + offline + "}"));
    }

    @Test
    public void acceptedReportedPatchCarriesTheShadowsNewVersionAndReachesTheShadow() throws Exception {
        Thing thing = registerThing("shadow-rep");
        patchDesired(thing, "{\"fw\":\"1.1\"}");
        List<TwinUpdate> updates = twinUpdates("rep");
        DmSession session = connected(sessionProperties("rep", thing));
        awaitUpdate(updates, 1);

        DmResult result = session.sendReported("{\"fw\":\"1.1\",\"nested\":{\"a\":1}}").toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        assertThat(result.status()).as(result.detail()).isZero();
        JsonObject cloud = cloudTwin(thing);
        assertThat(result.version()).hasValue(cloud.getAsJsonObject("reported").get("$version").getAsLong());
        assertThat(cloud.getAsJsonObject("reported").get("fw").getAsString()).isEqualTo("1.1");
        Await.until("the session's twin has the reported values", WAIT,
                () -> session.twin().orElseThrow().json().contains("\"nested\":{\"a\":1}"));
    }

    @Test
    public void reportedPatchLockedToAStaleShadowVersionIsAVersionConflict() throws Exception {
        Thing thing = registerThing("shadow-lock");
        long current = patchDesired(thing, "{\"x\":1}");
        List<TwinUpdate> updates = twinUpdates("lock");
        DmSession session = connected(sessionProperties("lock", thing));
        awaitUpdate(updates, 1);

        DmResult locked = session.sendReported("{\"$version\":" + current + ",\"x\":1}").toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        assertThat(locked.status()).as(locked.detail()).isZero();
        assertThat(locked.version()).hasValue(current + 1);

        DmResult stale = session.sendReported("{\"$version\":" + current + ",\"x\":2}").toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.detail()).contains("Version conflict");
        assertThat(cloudTwin(thing).getAsJsonObject("reported").get("x").getAsInt()).as("the refused patch changed "
                + "nothing").isEqualTo(1);
    }

    @Test
    public void reportedPatchThatWouldMakeTheShadowTooLargeIsRefused413() throws Exception {
        Thing thing = registerThing("shadow-big");
        patchDesired(thing, "{\"blob\":\"" + "d".repeat(5000) + "\"}");
        List<TwinUpdate> updates = twinUpdates("big");
        DmSession session = connected(sessionProperties("big", thing));
        awaitUpdate(updates, 1);

        // Under the 8192-byte limit of one patch, over it once merged with desired in the stored shadow.
        DmResult result = session.sendReported("{\"blob\":\"" + "r".repeat(4000) + "\"}").toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        assertThat(result.status()).isEqualTo(413);
        assertThat(cloudTwin(thing).getAsJsonObject("reported").has("blob")).isFalse();
    }

    @Test
    public void throttledShadowUpdateIsSentAgainUntilAccepted() throws Exception {
        Thing thing = registerThing("shadow-429");
        List<TwinUpdate> updates = twinUpdates("throttled");
        DmSession session = connected(sessionProperties("throttled", thing));
        awaitUpdate(updates, 1);

        assertThat(cloudApi().fault(thing.name(), "{\"type\":\"throttle-twin\",\"seconds\":2}").status()).isEqualTo(204);
        long start = System.nanoTime();
        DmResult result = session.sendReported("{\"afterThrottling\":true}").toCompletableFuture()
                .get(20, TimeUnit.SECONDS);
        assertThat(result.status()).as(result.detail()).isZero();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("accepted only once the throttling "
                + "ended").isGreaterThanOrEqualTo(1000);
        assertThat(cloudTwin(thing).getAsJsonObject("reported").get("afterThrottling").getAsBoolean()).isTrue();
    }

    @Test
    public void shadowThrottledLongerThanTheOperationTimeoutEndsWith429() throws Exception {
        Thing thing = registerThing("shadow-429-long");
        List<TwinUpdate> updates = twinUpdates("throttled-long");
        DmSession session = connected(sessionProperties("throttled-long", thing));
        awaitUpdate(updates, 1);

        assertThat(cloudApi().fault(thing.name(), "{\"type\":\"throttle-twin\",\"seconds\":60}").status())
                .isEqualTo(204);
        DmResult result = session.sendReported("{\"never\":true}").toCompletableFuture().get(20, TimeUnit.SECONDS);
        assertThat(result.status()).isEqualTo(DmResult.THROTTLED);
        assertThat(result.detail()).contains("Too Many Requests");
    }

    @Test
    public void namedShadowIsTheTwinWhenConfiguredAndTheClassicShadowIsLeftAlone() throws Exception {
        Thing thing = registerThing("shadow-named");
        patchDesired(thing, "{\"classic\":true}");
        List<TwinUpdate> updates = twinUpdates("named");
        Map<String, Object> properties = sessionProperties("named", thing);
        properties.put("aws.shadow.name", "config");
        DmSession session = connected(properties);

        TwinUpdate complete = awaitUpdate(updates, 1);
        assertThat(json(complete.json())).as("the named shadow does not exist yet").isEqualTo(
                json("{\"desired\":{\"$version\":0},\"reported\":{\"$version\":0}}"));
        DmResult result = session.sendReported("{\"named\":1}").toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(result.status()).as(result.detail()).isZero();
        assertThat(result.version()).hasValue(1);
        assertThat(cloudTwin(thing).getAsJsonObject("reported").has("named")).as("the classic shadow").isFalse();

        // Another client of the thing (the cloud side of a real deployment) changes the named shadow.
        try (AwsRawThing other = AwsRawThing.connect(emulator(), thing, "named-shadow-editor")) {
            other.publish("$aws/things/" + thing.name() + "/shadow/name/config/update",
                    "{\"state\":{\"desired\":{\"rate\":5}}}");
        }
        TwinUpdate partial = awaitUpdate(updates, 2);
        assertThat(partial.kind()).isEqualTo(TwinUpdate.Kind.PARTIAL);
        assertThat(json(partial.json())).isEqualTo(json("{\"rate\":5,\"$version\":2}"));
    }
}
