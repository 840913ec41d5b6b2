package io.dmkit.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmkit.api.DmResult;
import io.dmkit.api.DmSession;
import io.dmkit.core.DmKit;
import io.dmkit.testing.Await;
import io.dmkit.testing.FaultProxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Mosquitto killed with SIGKILL in the middle of a QoS 1 burst, then started again on the same port:
 * every message the gateway accepted arrives at the service at least once; duplicates are counted.
 *
 * <p>The gateway reaches the broker through a {@link FaultProxy} that refuses connections from the
 * kill until the service has subscribed again. Without it the test would measure the broker, not
 * dmkit: this Mosquitto keeps no state across a crash, so the service's subscription is gone after
 * the restart, and a message the gateway published before the service subscribed again would be
 * acknowledged by the broker and delivered to nobody. A cloud keeps its subscriptions; the gate
 * stands for that.
 */
class BrokerKillTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void qos1BurstCutByABrokerKillArrivesCompletelyAfterTheRestart() throws Exception {
        int total = Scale.of(10_000, 100_000);
        Figures figures = Figures.of("broker kill -9 mid-burst");
        Baseline baseline = Baseline.threads();
        Map<Integer, Long> statuses;
        List<Integer> missing;
        int uniqueAtKill;
        int foreign;
        try (FaultCloud cloud = FaultCloud.start("broker-kill");
                DmKit dm = DmKit.open()) {
            FaultProxy gate = cloud.proxy();
            MessageTally tally = cloud.tally("gw-burst");
            DmSession session = dm.createSession(FaultCloud.session("burst", "gw-burst", gate.port())
                    .queueCapacity(total).queueMaxBytes(64L * 1024 * 1024).build());
            Await.until("connected", WAIT, () -> session.state().isConnected());

            List<CompletableFuture<DmResult>> results = NumberedMessages.send(session, 0, total);
            Await.until("a third of the burst received", WAIT, () -> tally.unique() >= total / 3);
            cloud.broker.kill();
            uniqueAtKill = tally.unique();
            long killedAt = System.nanoTime();
            gate.cut();
            Await.until("the gateway noticed the broker is gone", WAIT, () -> !session.state().isConnected());
            Await.until("the service noticed the broker is gone", WAIT, () -> !cloud.service.isConnected());

            cloud.broker.restart();
            Await.until("the service subscribed again", WAIT, () -> cloud.service.isConnected());
            gate.pass();
            Await.until("the gateway reconnected", WAIT, () -> session.state().isConnected());
            long reconnectedAt = System.nanoTime();

            statuses = NumberedMessages.statuses(results, WAIT);
            tally.awaitAll(total, WAIT);
            missing = tally.missing(total);
            foreign = tally.foreign();
            dm.removeSession("burst");
            figures.add("sent", total).add("received", tally.received()).add("unique", tally.unique())
                    .add("duplicates", tally.duplicates()).add("received_before_kill", uniqueAtKill)
                    .millis("kill_to_reconnect", reconnectedAt - killedAt).add("statuses", statuses);
        }
        AssertionError threads = baseline.awaitThreads(WAIT);
        figures.add("threads_before", baseline.threadCount()).add("threads_after", Baseline.liveThreads()).print();

        assertThat(statuses).as("every message accepted by the service").containsOnlyKeys(DmResult.ACCEPTED);
        assertThat(missing).as("messages that never arrived").isEmpty();
        assertThat(foreign).isZero();
        assertThat(uniqueAtKill).as("the kill came in the middle of the burst").isLessThan(total);
        Baseline.rethrow(threads);
    }

}
