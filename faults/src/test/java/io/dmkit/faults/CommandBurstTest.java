package io.dmkit.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmkit.api.CommandResponse;
import io.dmkit.api.DmSession;
import io.dmkit.core.DmKit;
import io.dmkit.emulator.thingspro.CommandResult;
import io.dmkit.testing.Await;
import io.dmkit.testing.LogCapture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A burst of commands on a healthy link: every request gets its reply (README: "exactly one reply
 * per request"). The replies of a burst leave the device at once, so this is where a limit on
 * publishes in flight shows.
 */
class CommandBurstTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void everyCommandOfABurstGetsItsReply() throws Exception {
        int burst = Scale.of(100, 1_000);
        Figures figures = Figures.of("command burst");
        Baseline baseline = Baseline.threads();
        Map<Integer, Long> outcomes;
        long notSent;
        try (FaultCloud cloud = FaultCloud.start("command-burst"); DmKit dm = DmKit.open();
                LogCapture logs = LogCapture.start()) {
            DmSession session = dm.createSession(cloud.session("burst", "gw-burst-cmd").build());
            session.setCommandHandler(req -> CommandResponse.of(200, req.payloadAsString()));
            Await.until("connected", WAIT, () -> session.state().isConnected());
            Await.until("online", WAIT, () -> cloud.service.isOnline("gw-burst-cmd"));

            List<CompletableFuture<CommandResult>> results = new ArrayList<>();
            for (int i = 0; i < burst; i++) {
                results.add(cloud.service.invoke("gw-burst-cmd", "echo", "{\"i\":" + i + "}", Duration.ofSeconds(5)));
            }
            CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            outcomes = results.stream().collect(Collectors.groupingBy(f -> f.join().status(), TreeMap::new,
                    Collectors.counting()));
            notSent = logs.lines().stream().filter(l -> l.contains("not sent: ")).count();
            figures.add("commands", burst).add("outcomes", outcomes).add("replies_not_sent", notSent)
                    .add("reason", logs.lines().stream().filter(l -> l.contains("not sent: ")).findFirst()
                            .map(l -> "\"" + l.substring(l.lastIndexOf(": ") + 2) + "\"").orElse("-"));
        }
        AssertionError threads = baseline.awaitThreads(WAIT);
        figures.add("threads_before", baseline.threadCount()).add("threads_after", Baseline.liveThreads()).print();

        assertThat(notSent).as("replies the device failed to send (its log says why)").isZero();
        assertThat(outcomes).as("every command answered by the handler").containsOnlyKeys(200);
        Baseline.rethrow(threads);
    }
}
