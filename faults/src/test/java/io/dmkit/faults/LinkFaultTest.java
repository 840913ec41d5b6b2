package io.dmkit.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmkit.api.CommandResponse;
import io.dmkit.api.ConnectionReason;
import io.dmkit.api.ConnectionState;
import io.dmkit.api.DmResult;
import io.dmkit.api.DmSession;
import io.dmkit.core.DmKit;
import io.dmkit.emulator.thingspro.CommandResult;
import io.dmkit.testing.Await;
import io.dmkit.testing.FaultProxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The TCP link between gateway and broker reset, black-holed and slowed by a {@link FaultProxy}
 * while messages flow: each fault is noticed within its bound (at once for a reset, within the
 * keep-alive bound for a black hole, never for a link that is only slow), the session reconnects by
 * itself, and no message is lost.
 */
class LinkFaultTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    /**
     * How long a black hole may go unnoticed. Paho sends a PINGREQ once nothing has arrived for one
     * keep-alive, and declares the connection lost when the next check, one keep-alive later, finds
     * the PINGRESP still missing: at most two keep-alives after the last byte that came in. The margin
     * is for the check's scheduling and a busy CI machine.
     */
    private static final Duration BLACK_HOLE_BOUND = Duration.ofSeconds(2L * FaultCloud.KEEPALIVE_SECONDS)
            .plusMillis(1500);

    private Baseline baseline;
    private FaultCloud cloud;
    private FaultProxy proxy;
    private DmKit dm;

    @BeforeEach
    void start() throws Exception {
        baseline = Baseline.threads();
        cloud = FaultCloud.start("link");
        proxy = cloud.proxy();
        dm = DmKit.open();
    }

    @AfterEach
    void stop() throws Exception {
        try {
            dm.close();
        } finally {
            cloud.close();
        }
    }

    @Test
    void resetsMidStreamAreNoticedAtOnceAndNoMessageIsLost() throws Exception {
        int total = Scale.of(5_000, 50_000);
        int resets = Scale.of(5, 50);
        Figures figures = Figures.of("link reset (RST) mid-stream");
        MessageTally tally = cloud.tally("gw-reset");
        DmSession session = dm.createSession(FaultCloud.session("reset", "gw-reset", proxy.port())
                .queueCapacity(total).build());
        ConnectionLog log = ConnectionLog.of(session);
        Await.until("connected", WAIT, () -> session.state().isConnected());

        List<CompletableFuture<DmResult>> results = NumberedMessages.send(session, 0, total);
        long detectMax = 0;
        long reconnectMax = 0;
        List<ConnectionReason> reasons = new ArrayList<>();
        int midStream = 0;
        for (int r = 1; r <= resets; r++) {
            int threshold = total * r / (resets + 1);
            Await.until(threshold + " messages received", WAIT, () -> tally.unique() >= threshold);
            midStream += tally.unique() < total ? 1 : 0;
            Instant resetAt = Instant.now();
            proxy.resetAll();
            ConnectionState lost = log.awaitLossAfter(resetAt, WAIT);
            ConnectionState back = log.awaitConnectedAfter(lost.since(), WAIT);
            reasons.add(lost.reason());
            detectMax = Math.max(detectMax, Duration.between(resetAt, lost.since()).toMillis());
            reconnectMax = Math.max(reconnectMax, Duration.between(lost.since(), back.since()).toMillis());
        }
        Map<Integer, Long> statuses = NumberedMessages.statuses(results, WAIT);
        tally.awaitAll(total, WAIT);
        figures.add("sent", total).add("received", tally.received()).add("unique", tally.unique())
                .add("duplicates", tally.duplicates()).add("resets", resets).add("resets_mid_stream", midStream)
                .add("detect_max", detectMax + "ms").add("reconnect_max", reconnectMax + "ms")
                .add("connections", proxy.connectionsAccepted()).add("reasons", reasons.stream().distinct().toList());
        AssertionError threads = closeAndPrint(figures);

        assertThat(statuses).as("every message accepted").containsOnlyKeys(DmResult.ACCEPTED);
        assertThat(tally.missing(total)).as("messages that never arrived").isEmpty();
        assertThat(reasons).as("a reset is a broken connection, not a silent one")
                .containsOnly(ConnectionReason.COMMUNICATION_ERROR);
        assertThat(detectMax).as("a reset is noticed at once (ms)").isLessThan(1000);
        assertThat(midStream).as("resets that hit the stream").isPositive();
        Baseline.rethrow(threads);
    }

    @Test
    void blackHoleIsDetectedWithinTheKeepAliveBoundThenTheSessionReconnectsAndNothingIsLost() throws Exception {
        int batch = Scale.of(500, 5_000);
        Figures figures = Figures.of("link black hole");
        MessageTally tally = cloud.tally("gw-hole");
        DmSession session = dm.createSession(FaultCloud.session("hole", "gw-hole", proxy.port())
                .queueCapacity(2 * batch).build());
        ConnectionLog log = ConnectionLog.of(session);
        Await.until("connected", WAIT, () -> session.state().isConnected());
        List<CompletableFuture<DmResult>> results = NumberedMessages.send(session, 0, batch);
        Await.until("first batch received", WAIT, () -> tally.unique() == batch);

        Instant holeAt = Instant.now();
        proxy.blackHole();
        results.addAll(NumberedMessages.send(session, batch, batch)); // into the dead link: in flight, then queued
        ConnectionState lost = Await.value("the black hole noticed within " + BLACK_HOLE_BOUND.toMillis() + " ms",
                BLACK_HOLE_BOUND, () -> session.state().isConnected() ? null : session.state());
        long detectMillis = Duration.between(holeAt, lost.since()).toMillis();
        int receivedDuringHole = tally.unique() - batch;

        Instant passAt = Instant.now();
        proxy.pass();
        ConnectionState back = log.awaitConnectedAfter(passAt, WAIT);
        Map<Integer, Long> statuses = NumberedMessages.statuses(results, WAIT);
        tally.awaitAll(2 * batch, WAIT);
        figures.add("keepalive", FaultCloud.KEEPALIVE_SECONDS + "s").add("detect", detectMillis + "ms")
                .add("bound", BLACK_HOLE_BOUND.toMillis() + "ms").add("reason", lost.reason())
                .add("reconnect_after_pass", Duration.between(passAt, back.since()).toMillis() + "ms")
                .add("sent", 2 * batch).add("received", tally.received()).add("unique", tally.unique())
                .add("duplicates", tally.duplicates()).add("received_during_hole", receivedDuringHole);
        AssertionError threads = closeAndPrint(figures);

        assertThat(lost.reason()).isEqualTo(ConnectionReason.NO_PING_RESPONSE);
        assertThat(receivedDuringHole).as("nothing crosses a black hole").isZero();
        assertThat(statuses).as("every message accepted").containsOnlyKeys(DmResult.ACCEPTED);
        assertThat(tally.missing(2 * batch)).as("messages that never arrived").isEmpty();
        Baseline.rethrow(threads);
    }

    @Test
    void slowLinkKeepsTheSessionConnectedAndDeliversMessagesCommandsAndReportedPatches() throws Exception {
        int total = Scale.of(300, 1_000);
        Duration latency = Duration.ofMillis(150);
        // ten messages in flight per round trip of 300 ms: about 30 a second; the wait allows a third of that
        Duration wait = WAIT.plusMillis(100L * total);
        int bytesPerSecond = 8 * 1024;
        Figures figures = Figures.of("slow link");
        MessageTally tally = cloud.tally("gw-slow");
        DmSession session = dm.createSession(FaultCloud.session("slow", "gw-slow", proxy.port()).build());
        session.setCommandHandler(req -> CommandResponse.of(200, req.payloadAsString()));
        Await.until("connected", WAIT, () -> session.state().isConnected());
        Await.until("online at the service", WAIT, () -> cloud.service.isOnline("gw-slow"));
        ConnectionState connected = session.state();

        proxy.slow(latency, bytesPerSecond);
        long start = System.nanoTime();
        List<CompletableFuture<DmResult>> results = NumberedMessages.send(session, 0, total);
        CommandResult command = cloud.service.invoke("gw-slow", "echo", "{\"slow\":true}", Duration.ofSeconds(10))
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        DmResult reported = session.sendReported("{\"slow\":true}").toCompletableFuture()
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        Map<Integer, Long> statuses = NumberedMessages.statuses(results, wait);
        long elapsed = System.nanoTime() - start;
        tally.awaitAll(total, wait);
        ConnectionState stillConnected = session.state();
        proxy.pass();
        figures.add("latency", latency.toMillis() + "ms").add("rate", bytesPerSecond + "B/s").add("sent", total)
                .add("received", tally.received()).add("duplicates", tally.duplicates())
                .add("messages_per_s", Math.round(total / (elapsed / 1e9))).add("command", command.status())
                .add("reported", reported.status()).add("connections", proxy.connectionsAccepted())
                .seconds("slow_for", elapsed);
        AssertionError threads = closeAndPrint(figures);

        assertThat(stillConnected).as("never disconnected").isEqualTo(connected);
        assertThat(proxy.connectionsAccepted()).as("one connection throughout").isEqualTo(1);
        assertThat(command.status()).isEqualTo(200);
        assertThat(command.payloadAsString()).isEqualTo("{\"slow\":true}");
        assertThat(reported.status()).isEqualTo(DmResult.ACCEPTED);
        assertThat(statuses).as("every message accepted").containsOnlyKeys(DmResult.ACCEPTED);
        assertThat(tally.missing(total)).isEmpty();
        assertThat(Duration.ofNanos(elapsed)).as("the link really was slow").isGreaterThan(latency.multipliedBy(4));
        Baseline.rethrow(threads);
    }

    /** Closes dmkit and the cloud, waits for the threads to end and prints the figures; returns a thread failure. */
    private AssertionError closeAndPrint(Figures figures) throws Exception {
        dm.close();
        cloud.close();
        AssertionError threads = baseline.awaitThreads(WAIT);
        figures.add("threads_before", baseline.threadCount()).add("threads_after", Baseline.liveThreads()).print();
        return threads;
    }
}
