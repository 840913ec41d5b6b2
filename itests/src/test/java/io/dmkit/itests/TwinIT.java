package io.dmkit.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.dmkit.api.ConnectionState;
import io.dmkit.api.DmSession;
import io.dmkit.api.TwinUpdate;
import io.dmkit.api.handler.TwinListener;
import io.dmkit.testing.Await;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.Test;

/** The twin as whiteboard listeners see it: COMPLETE on every connect, then PARTIALs in version order. */
public class TwinIT extends OsgiTestSupport {

    private final List<TwinUpdate> updates = new CopyOnWriteArrayList<>();

    private DmSession connect(String device) throws Exception {
        register(TwinListener.class, (s, u) -> updates.add(u), Map.of(TwinListener.SESSION_NAME, "twin"));
        createSession(cloud.sessionProperties("twin", device, Cloud.Listener.PLAIN));
        DmSession session = awaitSession("twin");
        awaitState(session, "connected", ConnectionState::isConnected);
        return session;
    }

    @Test
    public void completeTwinOnConnectThenPatchesInOrderWithAStaleVersionDropped() throws Exception {
        long v2 = cloud.service.updateDesired("gw-twin", "{\"interval\":10}");
        connect("gw-twin");
        Await.until("COMPLETE twin", WAIT, () -> updates.size() == 1);
        assertThat(updates.get(0).kind()).isEqualTo(TwinUpdate.Kind.COMPLETE);
        assertThat(updates.get(0).version()).isEqualTo(v2);
        assertThat(updates.get(0).json()).contains("\"interval\":10");

        long v3 = cloud.service.updateDesired("gw-twin", "{\"interval\":20}");
        cloud.service.publishDesiredPatchRaw("gw-twin", "{\"stale\":true}", v3 - 1);
        long v4 = cloud.service.updateDesired("gw-twin", "{\"mode\":\"eco\"}");
        Await.until("two PARTIALs", WAIT, () -> updates.size() >= 3);
        assertThat(updates).extracting(TwinUpdate::kind, TwinUpdate::version).containsExactly(
                tuple(TwinUpdate.Kind.COMPLETE, v2), tuple(TwinUpdate.Kind.PARTIAL, v3), tuple(TwinUpdate.Kind.PARTIAL, v4));
        assertThat(updates).noneMatch(u -> u.json().contains("stale"));
    }

    @Test
    public void desiredChangesMadeWhileOfflineArriveAsACompleteTwinOnReconnect() throws Exception {
        DmSession session = connect("gw-offline");
        Await.until("first COMPLETE", WAIT, () -> updates.size() == 1);
        session.disconnect().toCompletableFuture().get();
        long offlineVersion = cloud.service.updateDesired("gw-offline", "{\"changedWhileOffline\":true}");
        session.connect();
        Await.until("second COMPLETE", WAIT, () -> updates.size() == 2);
        TwinUpdate complete = updates.get(1);
        assertThat(complete.kind()).isEqualTo(TwinUpdate.Kind.COMPLETE);
        assertThat(complete.version()).isEqualTo(offlineVersion);
        assertThat(complete.json()).contains("\"changedWhileOffline\":true");
    }

    @Test
    public void listenerRegisteredLateIsGivenTheCurrentTwinAtOnce() throws Exception {
        cloud.service.updateDesired("gw-late", "{\"k\":\"v\"}");
        DmSession session = connect("gw-late");
        Await.until("twin known", WAIT, () -> session.twin().isPresent());
        List<TwinUpdate> late = new CopyOnWriteArrayList<>();
        register(TwinListener.class, (s, u) -> late.add(u), Map.of());
        Await.until("late listener told", WAIT, () -> !late.isEmpty());
        assertThat(late.get(0).kind()).isEqualTo(TwinUpdate.Kind.COMPLETE);
        assertThat(late.get(0).json()).contains("\"k\":\"v\"");
    }

    @Test
    public void acceptedReportedPatchCarriesTheNewVersionAndReachesTheService() throws Exception {
        DmSession session = connect("gw-rep");
        Await.until("twin known", WAIT, () -> session.twin().isPresent());
        var result = session.sendReported("{\"firmware\":\"1.2.0\",\"nested\":{\"a\":1}}").toCompletableFuture().get();
        assertThat(result.status()).isZero();
        assertThat(result.version()).hasValue(cloud.service.twin("gw-rep").reportedVersion());
        assertThat(cloud.service.twin("gw-rep").reported()).contains("\"firmware\":\"1.2.0\"");
        Await.until("session twin has the reported value", WAIT,
                () -> session.twin().orElseThrow().json().contains("1.2.0"));
        var refused = session.sendReported("{\"$bad\":1}").toCompletableFuture().get();
        assertThat(refused.status()).isEqualTo(400);
    }
}
