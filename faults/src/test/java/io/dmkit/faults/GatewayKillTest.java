package io.dmkit.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmkit.testing.Await;
import io.dmkit.testing.FaultProxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The gateway's JVM killed with SIGKILL while messages wait in its persistent outbox, then started
 * again with the same data directory: every message is delivered. Twice: first with every message
 * still queued (the broker unreachable), then in the middle of delivering them (the link slowed by a
 * {@link FaultProxy}, so that the kill finds messages in flight).
 */
class GatewayKillTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void messagesQueuedWhenTheGatewayIsKilledAreAllDeliveredAfterItStartsAgain() throws Exception {
        int total = Scale.of(2_000, 20_000);
        Figures figures = Figures.of("gateway JVM kill -9 with messages queued");
        Baseline baseline = Baseline.threads();
        int killedQueued;
        int killedDelivering;
        int stopped;
        int receivedWhileUnreachable;
        int receivedBeforeSecondKill;
        int duplicates;
        List<Integer> missing;
        try (FaultCloud cloud = FaultCloud.start("gateway-kill")) {
            FaultProxy gate = cloud.proxy();
            MessageTally tally = cloud.tally("gw-crash");
            Path dir = cloud.dir.resolve("gateway");
            Path data = Files.createDirectories(dir.resolve("data"));

            gate.cut(); // the broker unreachable: everything stays queued
            try (GatewayProcess first = GatewayProcess.start(dir, "1-queue", data, gate.port(), "gw-crash",
                    total, total)) {
                first.awaitLine("QUEUED " + total, WAIT);
                receivedWhileUnreachable = tally.received();
                killedQueued = first.kill();
            }

            gate.pass();
            gate.slow(Duration.ZERO, 16 * 1024); // slow enough that the next kill finds messages in flight
            try (GatewayProcess second = GatewayProcess.start(dir, "2-deliver", data, gate.port(), "gw-crash",
                    0, total)) {
                Await.until("a third delivered", WAIT, () -> tally.unique() >= total / 3);
                killedDelivering = second.kill();
                receivedBeforeSecondKill = tally.unique();
            }

            gate.pass();
            try (GatewayProcess third = GatewayProcess.start(dir, "3-finish", data, gate.port(), "gw-crash",
                    0, total)) {
                tally.awaitAll(total, WAIT);
                stopped = third.stop(WAIT);
            }
            missing = tally.missing(total);
            duplicates = tally.duplicates();
            figures.add("queued", total).add("received", tally.received()).add("unique", tally.unique())
                    .add("duplicates", tally.duplicates()).add("received_while_unreachable", receivedWhileUnreachable)
                    .add("received_before_second_kill", receivedBeforeSecondKill)
                    .add("exit_codes", List.of(killedQueued, killedDelivering, stopped));
        }
        AssertionError threads = baseline.awaitThreads(WAIT);
        figures.add("threads_before", baseline.threadCount()).add("threads_after", Baseline.liveThreads()).print();

        assertThat(killedQueued).as("SIGKILL").isEqualTo(137);
        assertThat(killedDelivering).as("SIGKILL").isEqualTo(137);
        assertThat(stopped).as("a clean exit at the end").isZero();
        assertThat(receivedWhileUnreachable).isZero();
        assertThat(receivedBeforeSecondKill).as("the second kill came in the middle of the delivery")
                .isLessThan(total);
        assertThat(missing).as("messages that never arrived").isEmpty();
        assertThat(duplicates).as("acknowledged messages leave the outbox file while the gateway runs, so a kill "
                + "sends again only the last ones, not all %d delivered before it", receivedBeforeSecondKill)
                .isLessThan(receivedBeforeSecondKill / 2);
        Baseline.rethrow(threads);
    }
}
