package io.dmkit.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import io.dmkit.api.DmResult;
import io.dmkit.api.DmSession;
import io.dmkit.api.TwinUpdate;
import io.dmkit.core.DmKit;
import io.dmkit.testing.Await;
import io.dmkit.testing.FaultProxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Desired properties changed while the gateway is cut off (the proxy refuses connections): on
 * reconnect the session fetches the twin and delivers it as one COMPLETE update with the service's
 * latest desired version; the patches published while it was away are never delivered one by one,
 * and every update a listener sees has a newer version than the one before.
 */
class OfflineDesiredTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void desiredChangesMadeWhileOfflineArriveAsOneCompleteTwinWithTheLatestVersion() throws Exception {
        int offlineChanges = Scale.of(5, 50);
        Figures figures = Figures.of("desired changes while offline");
        Baseline baseline = Baseline.threads();
        List<TwinUpdate> updates = new CopyOnWriteArrayList<>();
        TwinUpdate reconciled;
        TwinUpdate afterwards;
        long serviceVersion;
        JsonElement serviceTwin;
        JsonElement sessionTwin;
        DmResult reportedOffline;
        try (FaultCloud cloud = FaultCloud.start("offline-desired"); DmKit dm = DmKit.open()) {
            FaultProxy proxy = cloud.proxy();
            DmSession session = dm.createSession(FaultCloud.session("twin", "gw-twin", proxy.port()).build());
            session.addTwinListener((s, u) -> updates.add(u));
            ConnectionLog log = ConnectionLog.of(session);
            Await.until("first COMPLETE twin", WAIT, () -> !updates.isEmpty());
            long v2 = cloud.service.updateDesired("gw-twin", "{\"interval\":10,\"mode\":\"normal\"}");
            Await.until("the online patch delivered", WAIT, () -> last(updates).version() == v2);

            Instant cutAt = Instant.now();
            proxy.cut();
            log.awaitLossAfter(cutAt, WAIT);
            Await.until("the service saw the device go offline", WAIT, () -> !cloud.service.isOnline("gw-twin"));
            int deliveredBeforeReconnect = updates.size();
            for (int i = 1; i <= offlineChanges; i++) {
                cloud.service.updateDesired("gw-twin", "{\"interval\":" + (10 + i) + ",\"step" + i + "\":" + i + "}");
            }
            cloud.service.updateDesired("gw-twin", "{\"mode\":null}"); // a deletion while offline
            reportedOffline = session.sendReported("{\"while\":\"offline\"}").toCompletableFuture()
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS);
            serviceVersion = cloud.service.twin("gw-twin").desiredVersion();
            assertThat(updates).as("nothing delivered while offline").hasSize(deliveredBeforeReconnect);

            Instant passAt = Instant.now();
            proxy.pass();
            log.awaitConnectedAfter(passAt, WAIT);
            reconciled = Await.value("the COMPLETE twin after reconnecting", WAIT, () -> updates.stream()
                    .skip(deliveredBeforeReconnect).filter(u -> u.kind() == TwinUpdate.Kind.COMPLETE)
                    .findFirst().orElse(null));
            serviceTwin = JsonParser.parseString(cloud.service.twin("gw-twin").toJson());
            long v = cloud.service.updateDesired("gw-twin", "{\"after\":true}");
            afterwards = Await.value("the patch after reconnecting", WAIT,
                    () -> last(updates).version() == v ? last(updates) : null);
            sessionTwin = JsonParser.parseString(session.twin().orElseThrow().json());
            figures.add("offline_changes", offlineChanges + 1).add("service_version", serviceVersion)
                    .add("complete_version", reconciled.version()).add("updates", updates.size())
                    .add("kinds", updates.stream().map(u -> u.kind().name().charAt(0) + "" + u.version()).toList())
                    .add("reported_offline", reportedOffline.status());
        }
        AssertionError threads = baseline.awaitThreads(WAIT);
        figures.add("threads_before", baseline.threadCount()).add("threads_after", Baseline.liveThreads()).print();

        assertThat(reconciled.version()).as("the COMPLETE twin has the service's latest desired version")
                .isEqualTo(serviceVersion);
        assertThat(JsonParser.parseString(reconciled.json())).as("and the service's whole twin").isEqualTo(serviceTwin);
        assertThat(JsonParser.parseString(reconciled.json()).getAsJsonObject().getAsJsonObject("desired").has("mode"))
                .as("the deletion made offline applies").isFalse();
        assertThat(updates).as("versions only go up").extracting(TwinUpdate::version).isSorted()
                .doesNotHaveDuplicates();
        assertThat(updates).as("COMPLETE, the online patch, COMPLETE after reconnecting, the patch after it")
                .extracting(TwinUpdate::kind).containsExactly(TwinUpdate.Kind.COMPLETE, TwinUpdate.Kind.PARTIAL,
                        TwinUpdate.Kind.COMPLETE, TwinUpdate.Kind.PARTIAL);
        assertThat(afterwards.kind()).isEqualTo(TwinUpdate.Kind.PARTIAL);
        assertThat(sessionTwin.getAsJsonObject().getAsJsonObject("desired").get("after").getAsBoolean())
                .as("the session's twin follows").isTrue();
        assertThat(reportedOffline.status()).as("reported patches are not queued while offline")
                .isEqualTo(DmResult.NOT_CONNECTED);
        Baseline.rethrow(threads);
    }

    private static TwinUpdate last(List<TwinUpdate> updates) {
        return updates.isEmpty() ? null : updates.get(updates.size() - 1);
    }
}
