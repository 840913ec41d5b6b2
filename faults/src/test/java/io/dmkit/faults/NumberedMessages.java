package io.dmkit.faults;

import io.dmkit.api.DmMessage;
import io.dmkit.api.DmResult;
import io.dmkit.api.DmSession;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Test messages whose payload is their number, so that a {@link MessageTally} can tell which arrived;
 * and the results the gateway gave for them.
 */
final class NumberedMessages {

    private NumberedMessages() {
    }

    /** Sends messages {@code from} to {@code from + count - 1}; returns their results in order. */
    static List<CompletableFuture<DmResult>> send(DmSession session, int from, int count) {
        List<CompletableFuture<DmResult>> results = new ArrayList<>(count);
        for (int i = from; i < from + count; i++) {
            results.add(session.sendMessage(DmMessage.of(Integer.toString(i))).toCompletableFuture());
        }
        return results;
    }

    /** Waits for every result; returns how many ended with each status (0: accepted by the service). */
    static Map<Integer, Long> statuses(List<CompletableFuture<DmResult>> results, Duration timeout) throws Exception {
        CompletableFuture.allOf(results.toArray(CompletableFuture[]::new))
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return results.stream().collect(Collectors.groupingBy(f -> f.join().status(), TreeMap::new,
                Collectors.counting()));
    }
}
