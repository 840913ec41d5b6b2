package io.dmkit.itests;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmkit.api.CommandResponse;
import io.dmkit.api.ConnectionState;
import io.dmkit.api.DmMessage;
import io.dmkit.api.DmSession;
import io.dmkit.api.TwinUpdate;
import io.dmkit.core.DmKit;
import io.dmkit.testing.Await;
import io.dmkit.testing.ThreadCheck;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** dmkit outside OSGi: DmKit finds the ThingsPro transport through ServiceLoader. */
class PlainJavaTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private Cloud cloud;
    private Set<Thread> before;

    @BeforeEach
    void start() throws Exception {
        before = ThreadCheck.snapshot();
        cloud = Cloud.start(Cloud.testDir().resolve("plain-java"));
    }

    @AfterEach
    void stop() {
        cloud.close();
    }

    @Test
    void plainJavaProgramConnectsAnswersCommandsSendsMessagesAndLeavesNoThreads() throws Exception {
        try (DmKit dm = DmKit.open()) {
            assertThat(dm.cloudTypes()).contains("thingspro");
            DmSession session = dm.createSession(cloud.session("main", "gw-psk", Cloud.Listener.PSK).build());
            List<TwinUpdate> twins = new CopyOnWriteArrayList<>();
            session.addTwinListener((s, u) -> twins.add(u));
            session.setCommandHandler(req -> CommandResponse.of(200, req.payloadAsString()));
            Await.until("connected", WAIT, () -> session.state().isConnected());
            Await.until("COMPLETE twin", WAIT, () -> !twins.isEmpty());

            assertThat(session.sendMessage(DmMessage.builder("{\"t\":1}").property("k", "v").build())
                    .toCompletableFuture().get(10, TimeUnit.SECONDS).status()).isZero();
            assertThat(cloud.service.invoke("gw-psk", "echo", "{\"x\":1}", Duration.ofSeconds(5))
                    .get(10, TimeUnit.SECONDS).payloadAsString()).isEqualTo("{\"x\":1}");
            assertThat(cloud.service.messages("gw-psk")).hasSize(1);
        }
        cloud.close(); // the cloud side's threads count too; after this none may remain
        ThreadCheck.awaitNoNewThreads(before, Duration.ofSeconds(15));
    }

    @Test
    void sessionsComingAndGoingTwentyTimesDoNotLeakThreads() throws Exception {
        try (DmKit dm = DmKit.open()) {
            warmUp(dm);
            Set<Thread> baseline = ThreadCheck.snapshot();
            for (int i = 0; i < 20; i++) {
                DmSession s = dm.createSession(cloud.session("cycle", "gw-cycle", Cloud.Listener.PLAIN).build());
                Await.until("connected", WAIT, () -> s.state().isConnected());
                dm.removeSession("cycle");
            }
            ThreadCheck.awaitNoNewThreads(baseline, Duration.ofSeconds(30));
        }
    }

    private void warmUp(DmKit dm) {
        DmSession s = dm.createSession(cloud.session("warm", "gw-warm", Cloud.Listener.PLAIN).build());
        Await.until("connected", WAIT, () -> s.state().isConnected());
        dm.removeSession("warm");
    }

    @Test
    void sessionThatCannotConnectKeepsRetryingUntilRemoved() throws Exception {
        try (DmKit dm = DmKit.open()) {
            DmSession s = dm.createSession(cloud.session("nowhere", "gw-x", Cloud.Listener.PLAIN).port(1).build());
            Await.until("retrying with NO_NETWORK", WAIT,
                    () -> s.state().reason() == io.dmkit.api.ConnectionReason.NO_NETWORK);
            ConnectionState first = s.state();
            Await.until("a later attempt", WAIT, () -> !s.state().since().equals(first.since()));
            assertThat(dm.removeSession("nowhere")).isTrue();
            assertThat(dm.sessions()).isEmpty();
        }
    }
}
