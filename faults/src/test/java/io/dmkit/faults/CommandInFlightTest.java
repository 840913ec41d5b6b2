package io.dmkit.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmkit.api.CommandResponse;
import io.dmkit.api.ConnectionState;
import io.dmkit.api.DmSession;
import io.dmkit.core.DmKit;
import io.dmkit.emulator.thingspro.CommandResult;
import io.dmkit.testing.Await;
import io.dmkit.testing.FaultProxy;
import io.dmkit.testing.LogCapture;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Commands in flight when the link drops (the proxy resets it): a request gets at most one reply,
 * never on a connection other than the one that carried it, and no reply goes out for a request that
 * never came. A {@link WireTap} on the broker counts what really crossed it.
 */
class CommandInFlightTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private Baseline baseline;
    private FaultCloud cloud;
    private FaultProxy proxy;
    private WireTap tap;
    private DmKit dm;

    @BeforeEach
    void start() throws Exception {
        baseline = Baseline.threads();
        cloud = FaultCloud.start("commands");
        proxy = cloud.proxy();
        dm = DmKit.open();
    }

    @AfterEach
    void stop() throws Exception {
        try {
            dm.close();
            if (tap != null) {
                tap.close();
            }
        } finally {
            cloud.close();
        }
    }

    @Test
    void replyOfAHandlerStillRunningWhenTheLinkDropsIsDroppedNotSentOnTheNextConnection() throws Exception {
        Figures figures = Figures.of("command in flight, link reset");
        tap = WireTap.start(cloud.broker.plainUri(), "gw-inflight");
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        DmSession session = dm.createSession(FaultCloud.session("inflight", "gw-inflight", proxy.port())
                .commandTimeout(Duration.ofSeconds(20)).build());
        session.setCommandHandler(req -> {
            if (req.name().equals("slow")) {
                entered.countDown();
                release.await(WAIT.toSeconds(), TimeUnit.SECONDS);
                return CommandResponse.of(200, "{\"late\":true}");
            }
            return CommandResponse.of(200, req.payloadAsString());
        });
        ConnectionLog log = ConnectionLog.of(session);
        awaitOnline(session, "gw-inflight");

        try (LogCapture logs = LogCapture.start()) {
            CompletableFuture<CommandResult> slow = cloud.service.invoke("gw-inflight", "slow", "{}",
                    Duration.ofSeconds(4));
            assertThat(entered.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("the handler runs").isTrue();
            String rid = Await.value("the request on the wire", WAIT,
                    () -> tap.requests().keySet().stream().findFirst().orElse(null));
            Instant resetAt = Instant.now();
            proxy.resetAll();
            ConnectionState back = log.awaitConnectedAfter(resetAt, WAIT);
            awaitOnline(session, "gw-inflight");
            release.countDown();
            String dropped = logs.await(WAIT, "dropped", rid);

            // A reply sent after that one would come after it on the wire: one answered command is a barrier.
            CommandResult echo = cloud.service.invoke("gw-inflight", "echo", "{\"after\":1}", Duration.ofSeconds(5))
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS);
            CommandResult slowResult = slow.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            long repliesToSlow = tap.repliesTo(rid);
            List<String> repliesOnWire = tap.replies().stream().map(WireTap.Reply::payload).toList();
            figures.add("request", rid).add("replies_on_wire", repliesToSlow)
                    .add("service_result", slowResult.status()).add("echo_after", echo.status())
                    .add("reconnected_after", Duration.between(resetAt, back.since()).toMillis() + "ms");
            AssertionError threads = closeAndPrint(figures);

            assertThat(repliesToSlow).as("replies to the request whose connection dropped").isZero();
            assertThat(dropped).as("dmkit says why").contains("WARNING").contains("gone");
            assertThat(slowResult.status()).as("the service timed out waiting").isEqualTo(504);
            assertThat(slowResult.fromDevice()).isFalse();
            assertThat(echo.status()).isEqualTo(200);
            assertThat(repliesOnWire).as("the one reply on the wire").containsExactly("{\"after\":1}");
            Baseline.rethrow(threads);
        }
    }

    @Test
    void commandsAcrossAFlappingLinkGetAtMostOneReplyEachAndOnlyToRequestsThatCame() throws Exception {
        int waves = Scale.of(10, 100);
        int perWave = 20;
        Figures figures = Figures.of("commands across link resets");
        tap = WireTap.start(cloud.broker.plainUri(), "gw-flap");
        Map<String, AtomicInteger> handled = new ConcurrentHashMap<>();
        DmSession session = dm.createSession(FaultCloud.session("flap", "gw-flap", proxy.port()).build());
        session.setCommandHandler(req -> {
            handled.computeIfAbsent(req.requestId(), r -> new AtomicInteger()).incrementAndGet();
            // Simulated handler work (the behaviour under test, not a wait for a result): a reset
            // must find handlers still running.
            Thread.sleep(ThreadLocalRandom.current().nextInt(100));
            return CommandResponse.of(200, req.payloadAsString());
        });
        ConnectionLog log = ConnectionLog.of(session);
        awaitOnline(session, "gw-flap");

        List<CompletableFuture<CommandResult>> results = new ArrayList<>();
        List<String> payloads = new ArrayList<>();
        for (int w = 0; w < waves; w++) {
            int repliesBefore = tap.replies().size();
            for (int i = 0; i < perWave; i++) {
                String payload = "{\"n\":" + (w * perWave + i) + "}";
                payloads.add(payload);
                results.add(cloud.service.invoke("gw-flap", "echo", payload, Duration.ofSeconds(3)));
            }
            // some answered, the others still running or on their way: then the link drops
            Await.until("a quarter of the wave answered", WAIT,
                    () -> tap.replies().size() >= repliesBefore + perWave / 4);
            Instant resetAt = Instant.now();
            proxy.resetAll();
            log.awaitConnectedAfter(resetAt, WAIT);
            // the broker published the will at the reset; the next wave goes once the service saw the new online
            awaitOnline(session, "gw-flap");
        }
        CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        Map<Integer, Long> outcomes = results.stream().collect(Collectors.groupingBy(f -> f.join().status(),
                TreeMap::new, Collectors.counting()));
        // replies answered before the last reset may still be crossing the broker: wait for the answered count
        long answered = outcomes.getOrDefault(200, 0L);
        awaitQuietly(() -> tap.replies().size() >= answered);

        Map<String, Long> repliesPerRequest = tap.replies().stream()
                .collect(Collectors.groupingBy(WireTap.Reply::rid, Collectors.counting()));
        long duplicateReplies = repliesPerRequest.values().stream().filter(n -> n > 1).count();
        int repliesOnWire = tap.replies().size();
        int requestsOnWire = tap.requests().size();
        long orphanReplies = repliesPerRequest.keySet().stream().filter(r -> !tap.requests().containsKey(r)).count();
        long handledTwice = handled.values().stream().filter(n -> n.get() > 1).count();
        List<String> mismatched = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            CommandResult r = results.get(i).join();
            if (r.status() == 200 && !r.payloadAsString().equals(payloads.get(i))) {
                mismatched.add(payloads.get(i) + " -> " + r.payloadAsString());
            }
        }
        figures.add("commands", results.size()).add("resets", waves).add("outcomes", outcomes)
                .add("requests_on_wire", requestsOnWire).add("handled", handled.size())
                .add("replies_on_wire", repliesOnWire).add("late_replies", repliesOnWire - answered)
                .add("duplicate_replies", duplicateReplies)
                .add("orphan_replies", orphanReplies).add("handled_twice", handledTwice)
                .add("mismatched", mismatched.size());
        AssertionError threads = closeAndPrint(figures);

        assertThat(duplicateReplies).as("requests with two replies").isZero();
        assertThat(orphanReplies).as("replies to requests that never came").isZero();
        assertThat(handledTwice).as("requests handled twice").isZero();
        assertThat(mismatched).as("answers that belong to another request").isEmpty();
        assertThat(outcomes.keySet()).as("answered, or timed out at the service; nothing else")
                .isSubsetOf(200, 504);
        assertThat(answered).as("answers the service got, at most one per reply on the wire")
                .isLessThanOrEqualTo(repliesOnWire);
        assertThat(outcomes.getOrDefault(504, 0L)).as("some commands were caught by a reset").isPositive();
        assertThat(answered).as("and some answered before it").isPositive();
        Baseline.rethrow(threads);
    }

    private void awaitOnline(DmSession session, String deviceId) {
        Await.until("connected", WAIT, () -> session.state().isConnected());
        Await.until(deviceId + " online at the service", WAIT, () -> cloud.service.isOnline(deviceId));
    }

    private static void awaitQuietly(java.util.function.BooleanSupplier condition) {
        try {
            Await.until("the replies on the wire", WAIT, condition);
        } catch (AssertionError e) {
            // the assertions that follow compare the counts
        }
    }

    private AssertionError closeAndPrint(Figures figures) throws Exception {
        dm.close();
        tap.close();
        tap = null;
        cloud.close();
        AssertionError threads = baseline.awaitThreads(WAIT);
        figures.add("threads_before", baseline.threadCount()).add("threads_after", Baseline.liveThreads()).print();
        return threads;
    }
}
