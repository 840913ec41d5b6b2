package io.dmkit.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmkit.api.CommandResponse;
import io.dmkit.api.ConnectionState;
import io.dmkit.api.DmResult;
import io.dmkit.api.DmSession;
import io.dmkit.core.DmKit;
import io.dmkit.emulator.thingspro.CommandResult;
import io.dmkit.testing.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Command handlers that never return, not even when interrupted at their deadline: each gets its
 * 504, and meanwhile other commands are answered, messages and reported patches go through, and the
 * connection's keep-alive goes on (the broker keeps receiving PINGREQs, the session never reconnects).
 */
class BlockedHandlerTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Stuck handlers: a few, well below the 16 handler threads, which are a documented bound. */
    private static final int STUCK = 3;

    @Test
    void handlersThatNeverReturnLeaveOtherCommandsMessagesAndTheKeepAliveUnaffected() throws Exception {
        int echoes = Scale.of(50, 500);
        Figures figures = Figures.of("handler blocked forever");
        Baseline baseline = Baseline.threads();
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger stuckNow = new AtomicInteger();
        AtomicInteger interruptsIgnored = new AtomicInteger();
        List<CommandResult> stuckResults;
        Map<Integer, Long> echoOutcomes;
        long pingsWhileStuck;
        ConnectionState connected;
        ConnectionState after;
        DmResult message;
        DmResult reported;
        try (FaultCloud cloud = FaultCloud.start("blocked-handler"); DmKit dm = DmKit.open()) {
            DmSession session = dm.createSession(cloud.session("blocked", "gw-blocked").build());
            session.setCommandHandler(req -> {
                if (!req.name().equals("stuck")) {
                    return CommandResponse.of(200, req.payloadAsString());
                }
                stuckNow.incrementAndGet();
                try {
                    // "forever": until the test ends, deaf to the interrupt at the deadline
                    while (true) {
                        try {
                            release.await();
                            return CommandResponse.of(200, "{}");
                        } catch (InterruptedException e) {
                            interruptsIgnored.incrementAndGet();
                        }
                    }
                } finally {
                    stuckNow.decrementAndGet();
                }
            });
            Await.until("connected", WAIT, () -> session.state().isConnected());
            Await.until("online", WAIT, () -> cloud.service.isOnline("gw-blocked"));
            connected = session.state();

            List<CompletableFuture<CommandResult>> stuck = new ArrayList<>();
            for (int i = 0; i < STUCK; i++) {
                stuck.add(cloud.service.invoke("gw-blocked", "stuck", "{}", Duration.ofSeconds(10)));
            }
            Await.until("every stuck handler running", WAIT, () -> stuckNow.get() == STUCK);
            // One burst: the replies share Paho's in-flight window with everything else (see CommandBurstTest).
            List<CompletableFuture<CommandResult>> echo = new ArrayList<>();
            for (int i = 0; i < echoes; i++) {
                echo.add(cloud.service.invoke("gw-blocked", "echo", "{\"i\":" + i + "}", Duration.ofSeconds(5)));
            }
            message = session.sendMessage(io.dmkit.api.DmMessage.of("1")).toCompletableFuture()
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS);
            reported = session.sendReported("{\"alive\":true}").toCompletableFuture().get(WAIT.toSeconds(),
                    TimeUnit.SECONDS);
            CompletableFuture.allOf(echo.toArray(CompletableFuture[]::new)).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            echoOutcomes = echo.stream().collect(Collectors.groupingBy(f -> f.join().status(), TreeMap::new,
                    Collectors.counting()));
            stuckResults = new ArrayList<>();
            for (CompletableFuture<CommandResult> f : stuck) {
                stuckResults.add(f.get(WAIT.toSeconds(), TimeUnit.SECONDS));
            }

            // With the handlers still stuck, the link idles: Paho must keep pinging and the broker answering.
            String ping = "Received PINGREQ from gw-blocked";
            long pingsBefore = cloud.brokerLogLines(ping);
            Await.until("three keep-alive pings while the handlers are stuck",
                    Duration.ofSeconds(4L * FaultCloud.KEEPALIVE_SECONDS + 5),
                    () -> cloud.brokerLogLines(ping) >= pingsBefore + 3);
            pingsWhileStuck = cloud.brokerLogLines(ping) - pingsBefore;
            after = session.state();
            figures.add("stuck_handlers", stuckNow.get()).add("stuck_answers", stuckResults.stream()
                    .map(CommandResult::status).toList()).add("interrupts_ignored", interruptsIgnored.get())
                    .add("echo_commands", echoes).add("echo_outcomes", echoOutcomes)
                    .add("pings_while_stuck", pingsWhileStuck).add("message", message.status())
                    .add("reported", reported.status());
            release.countDown(); // let the stuck threads end, so that dmkit's threads can
            Await.until("stuck handlers returned", WAIT, () -> stuckNow.get() == 0);
        }
        AssertionError threads = baseline.awaitThreads(WAIT);
        figures.add("threads_before", baseline.threadCount()).add("threads_after", Baseline.liveThreads()).print();

        assertThat(stuckResults).as("each stuck command answered 504 by the device at its deadline")
                .allSatisfy(r -> {
                    assertThat(r.status()).isEqualTo(504);
                    assertThat(r.fromDevice()).isTrue();
                });
        assertThat(interruptsIgnored.get()).as("the handlers were interrupted, and ignored it").isEqualTo(STUCK);
        assertThat(echoOutcomes).as("every other command answered").containsOnlyKeys(200);
        assertThat(message.status()).isEqualTo(DmResult.ACCEPTED);
        assertThat(reported.status()).isEqualTo(DmResult.ACCEPTED);
        assertThat(pingsWhileStuck).isGreaterThanOrEqualTo(3);
        assertThat(after).as("the same connection throughout").isEqualTo(connected);
        Baseline.rethrow(threads);
    }
}
