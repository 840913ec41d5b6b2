package io.dmkit.itests;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.dmkit.api.ConnectionReason;
import io.dmkit.api.ConnectionState;
import io.dmkit.api.ConnectionStatus;
import io.dmkit.api.DmSession;
import io.dmkit.api.SessionConfig;
import io.dmkit.api.TwinUpdate;
import io.dmkit.api.handler.ConnectionListener;
import io.dmkit.api.handler.TwinListener;
import io.dmkit.testing.Await;
import io.dmkit.testing.HttpConnectProxy;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.Test;
import org.osgi.service.cm.Configuration;

/**
 * What IoT Hub and the network do to a connection, and what the session makes of it: a hub-side
 * drop, a second connection of the same device, a link that goes silent (keep-alive), a hub that
 * refuses connections for a while, and desired changes made while the gateway was away.
 */
public class AzureResilienceIT extends AzureTestSupport {

    private static List<ConnectionState> record(DmSession session) {
        List<ConnectionState> states = new CopyOnWriteArrayList<>();
        session.addConnectionListener((s, state) -> states.add(state));
        return states;
    }

    private static ConnectionState firstLoss(List<ConnectionState> states) {
        return Await.value("the connection lost", WAIT,
                () -> states.stream().filter(s -> !s.isConnected()).findFirst().orElse(null));
    }

    @Test
    public void aHubSideDropIsACommunicationErrorAndTheSessionComesBack() throws Exception {
        Device device = register("az-drop", "sas");
        DmSession session = connected(sasSession("drop", device));
        List<ConnectionState> states = record(session);
        assertThat(hub().fault(device.id(), "{\"type\":\"drop\"}").status()).isEqualTo(204);
        ConnectionState lost = firstLoss(states);
        assertThat(lost.status()).isEqualTo(ConnectionStatus.DISCONNECTED_RETRYING);
        assertThat(lost.reason()).isEqualTo(ConnectionReason.COMMUNICATION_ERROR);
        Await.until("reconnected", WAIT, () -> session.state().isConnected() && connects(device.id()) == 2);
        assertThat(session.sendReported("{\"back\":true}").toCompletableFuture().get(20, TimeUnit.SECONDS).status())
                .isZero();
    }

    @Test
    public void aSecondConnectionOfTheDeviceClosesOursWithADetailThatSaysSo() throws Exception {
        Device device = register("az-twice", "sas");
        DmSession first = connected(sasSession("first", device));
        List<ConnectionState> states = record(first);
        Configuration intruder = createSession(sasSession("second", device));
        ConnectionState lost = firstLoss(states);
        assertThat(lost.reason()).isEqualTo(ConnectionReason.COMMUNICATION_ERROR);
        assertThat(lost.detail()).contains("another one of device 'az-twice' opens");
        intruder.delete();
        Await.until("the first session alone and connected again", WAIT,
                () -> sessionReferences("(dm.session.name=second)").isEmpty() && first.state().isConnected());
    }

    @Test
    public void aLinkThatGoesSilentIsNoticedByTheKeepAliveAsNoPingResponse() throws Exception {
        Device device = register("az-silent", "sas");
        try (HttpConnectProxy proxy = HttpConnectProxy.open()) {
            Map<String, Object> p = overWebSocket(sasSession("silent", device));
            p.put("proxy.host", "127.0.0.1");
            p.put("proxy.port", proxy.port());
            p.put(SessionConfig.KEEPALIVE.id(), 1);
            DmSession session = connected(p);
            List<ConnectionState> states = record(session);
            proxy.freeze();
            ConnectionState lost = firstLoss(states);
            assertThat(lost.reason()).isEqualTo(ConnectionReason.NO_PING_RESPONSE);
            proxy.thaw();
            Await.until("reconnected once the link works again", WAIT, () -> session.state().isConnected());
        }
    }

    @Test
    public void aHubThatRefusesConnectionsForAWhileIsRetriedUntilItAccepts() throws Exception {
        Device device = register("az-refusing", "sas");
        assertThat(hub().fault(device.id(), "{\"type\":\"refuse-connects\",\"seconds\":2}").status())
                .isEqualTo(204);
        List<ConnectionState> states = new CopyOnWriteArrayList<>();
        register(ConnectionListener.class, (s, state) -> states.add(state),
                Map.of(ConnectionListener.SESSION_NAME, "refused"));
        createSession(sasSession("refused", device));
        DmSession session = awaitSession("refused");
        Await.until("connected after the refusals", WAIT, () -> session.state().isConnected());
        assertThat(states).anyMatch(s -> s.reason() == ConnectionReason.COMMUNICATION_ERROR
                && s.detail().contains("CONNACK 3"));
    }

    @Test
    public void desiredChangesMadeWhileTheGatewayWasOfflineArriveAsACompleteTwinOnReconnect() throws Exception {
        Device device = register("az-offline", "sas");
        List<TwinUpdate> updates = new CopyOnWriteArrayList<>();
        register(TwinListener.class, (s, u) -> updates.add(u), Map.of(TwinListener.SESSION_NAME, "offline"));
        DmSession session = connected(sasSession("offline", device));
        Await.until("the first COMPLETE twin", WAIT, () -> !updates.isEmpty());
        session.disconnect().toCompletableFuture().get(20, TimeUnit.SECONDS);
        Await.until("offline at the hub", WAIT, () -> !hubSeesConnected(device.id()));

        hub().patchDesired(device.id(), "{\"interval\":30}");
        hub().patchDesired(device.id(), "{\"mode\":\"eco\",\"limits\":{\"max\":9}}");
        updates.clear();
        session.connect();
        TwinUpdate complete = Await.value("a COMPLETE twin after reconnecting", WAIT, () -> updates.stream()
                .filter(u -> u.kind() == TwinUpdate.Kind.COMPLETE).findFirst().orElse(null));
        JsonObject desired = json(complete.json()).getAsJsonObject().getAsJsonObject("desired");
        assertThat(complete.version()).isEqualTo(3);
        assertThat(desired.get("interval").getAsInt()).isEqualTo(30);
        assertThat(desired.get("mode").getAsString()).isEqualTo("eco");
        assertThat(desired.getAsJsonObject("limits").get("max").getAsInt()).isEqualTo(9);
        assertThat(updates).as("nothing before the COMPLETE twin").first()
                .extracting(TwinUpdate::kind).isEqualTo(TwinUpdate.Kind.COMPLETE);
    }
}
