package io.dmkit.itests;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.dmkit.api.CommandResponse;
import io.dmkit.api.ConnectionState;
import io.dmkit.api.DmMessage;
import io.dmkit.api.DmResult;
import io.dmkit.api.DmSession;
import io.dmkit.api.SessionConfig;
import io.dmkit.api.TwinUpdate;
import io.dmkit.api.handler.CommandHandler;
import io.dmkit.api.handler.ConnectionListener;
import io.dmkit.api.handler.TwinListener;
import io.dmkit.testing.Await;
import io.dmkit.testing.EmulatorClient;
import io.dmkit.testing.ThreadCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.Test;
import org.osgi.service.cm.Configuration;

/**
 * SAS token renewal: at 85 % of the token's life the transport reconnects with a new token, break
 * before make (IoT Hub allows one connection per device), without the application noticing and
 * without losing a message, a command reply or a desired change. Token lifetimes are seconds here,
 * below the 60 s the configuration allows, through the transport's test-only floor
 * ({@value AzureTestSupport#TEST_MIN_SAS_LIFETIME} = 5).
 */
public class AzureTokenRenewalIT extends AzureTestSupport {

    private static final Duration RENEWALS = Duration.ofSeconds(30);

    private final List<ConnectionState> states = new CopyOnWriteArrayList<>();
    private final List<TwinUpdate> updates = new CopyOnWriteArrayList<>();

    private void listenTo(String session) {
        register(ConnectionListener.class, (s, state) -> states.add(state),
                Map.of(ConnectionListener.SESSION_NAME, session));
        register(TwinListener.class, (s, u) -> updates.add(u), Map.of(TwinListener.SESSION_NAME, session));
    }

    private void assertAlwaysConnectedSinceTheFirstConnect() {
        List<ConnectionState> sinceConnected = states.subList(states.indexOf(states.stream()
                .filter(ConnectionState::isConnected).findFirst().orElseThrow()), states.size());
        assertThat(sinceConnected).as("connection states the application saw").allMatch(ConnectionState::isConnected);
        assertThat(updates).filteredOn(u -> u.kind() == TwinUpdate.Kind.COMPLETE).as("COMPLETE twins").hasSize(1);
    }

    @Test
    public void underLoadRenewalsLoseNoMessageNoCommandReplyAndNoDesiredChange() throws Exception {
        Device device = register("az-renew-load", "sas");
        AtomicInteger pingsRun = new AtomicInteger();
        register(CommandHandler.class, r -> {
            pingsRun.incrementAndGet();
            return CommandResponse.of(200, r.payloadAsString());
        }, Map.of(CommandHandler.COMMAND_NAME, "ping"));
        listenTo("renew-load");
        Map<String, Object> p = sasSession("renew-load", device);
        p.put("azure.sas.lifetime.seconds", 8); // renewed after 6.8 s
        DmSession session = connected(p);
        Await.until("the COMPLETE twin", WAIT, () -> !updates.isEmpty());

        AtomicBoolean stop = new AtomicBoolean();
        List<CompletableFuture<DmResult>> sent = new CopyOnWriteArrayList<>();
        List<EmulatorClient.Answer> pings = new CopyOnWriteArrayList<>();
        AtomicInteger patches = new AtomicInteger();
        ExecutorService load = Executors.newFixedThreadPool(3);
        try (LogCapture log = captureLogs()) {
            EmulatorClient api = hub();
            List<Future<?>> workers = new ArrayList<>();
            workers.add(load.submit(() -> every(40, stop, i -> sent.add(session.sendMessage(DmMessage.of("m-" + i))
                    .toCompletableFuture()))));
            workers.add(load.submit(() -> every(0, stop, i -> pings.add(api.invoke(device.id(), "ping",
                    "{\"i\":" + i + "}", 5)))));
            workers.add(load.submit(() -> every(40, stop, i -> {
                api.patchDesired(device.id(), "{\"k" + i + "\":" + i + "}");
                patches.incrementAndGet();
            })));
            Await.until("two renewals", RENEWALS, () -> log.lines().stream()
                    .filter(l -> l.contains("SAS token renewed")).count() >= 2);
            stop.set(true);
            for (Future<?> w : workers) {
                w.get(30, TimeUnit.SECONDS);
            }
        } finally {
            stop.set(true);
            load.shutdownNow();
            assertThat(load.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }

        assertThat(connects(device.id())).as("three connections at the hub").isEqualTo(3);

        // Messages: every one accepted, every one at the hub.
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < sent.size(); i++) {
            DmResult r = sent.get(i).get(30, TimeUnit.SECONDS);
            assertThat(r.status()).as("message m-" + i + ": " + r).isZero();
            expected.add("m-" + i);
        }
        Set<String> atHub = new HashSet<>();
        for (JsonElement m : hubMessages(device.id(), 1000)) {
            atHub.add(m.getAsJsonObject().get("payload").getAsString());
        }
        assertThat(atHub).as(sent.size() + " messages sent across two renewals").containsAll(expected);

        // Commands: every ping the handler ran was answered to its caller; the others never ran.
        long answered = pings.stream().filter(a -> a.status() == 200
                && json(a.body()).getAsJsonObject().get("status").getAsInt() == 200).count();
        assertThat(answered).as("pings answered 200 vs. run by the handler").isEqualTo(pingsRun.get());
        assertThat(pings).as("every ping got the device's answer, or the hub's 404 while the device was away")
                .allMatch(a -> a.status() == 200 || a.status() == 404);
        assertThat(pings).filteredOn(a -> a.status() == 200)
                .allMatch(a -> List.of(200, 503).contains(json(a.body()).getAsJsonObject().get("status").getAsInt()));

        // Desired: the application's twin ends equal to the hub's, version included.
        JsonObject hubDesired = hubTwin(device.id()).getAsJsonObject("desired");
        assertThat(hubDesired.get("$version").getAsLong()).isEqualTo(1 + patches.get());
        Await.until("the application's desired properties equal the hub's", WAIT, () -> json(session.twin()
                .orElseThrow().json()).getAsJsonObject().getAsJsonObject("desired").equals(hubDesired));

        assertAlwaysConnectedSinceTheFirstConnect();
    }

    @Test
    public void aCommandInFlightIsAnsweredFirstAndADesiredChangeMadeDuringTheSwapIsHandedOn() throws Exception {
        Device device = register("az-renew-swap", "sas");
        CountDownLatch slowEntered = new CountDownLatch(1);
        CountDownLatch releaseSlow = new CountDownLatch(1);
        AtomicInteger pingsRun = new AtomicInteger();
        register(CommandHandler.class, r -> {
            slowEntered.countDown();
            releaseSlow.await(30, TimeUnit.SECONDS);
            return CommandResponse.of(200, "{\"done\":true}");
        }, Map.of(CommandHandler.COMMAND_NAME, "slow"));
        register(CommandHandler.class, r -> {
            pingsRun.incrementAndGet();
            return CommandResponse.of(200, "{}");
        }, Map.of(CommandHandler.COMMAND_NAME, "ping"));
        listenTo("renew-swap");
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try (HttpConnectProxy proxy = HttpConnectProxy.open(); LogCapture log = captureLogs()) {
            // Through a proxy, so the test can hold the way back and see what happens while the device is away.
            Map<String, Object> p = overWebSocket(sasSession("renew-swap", device));
            p.put("proxy.host", "127.0.0.1");
            p.put("proxy.port", proxy.port());
            p.put("azure.sas.lifetime.seconds", 20); // renewed after 17 s; at most 1.5 s to drain
            p.put(SessionConfig.COMMAND_TIMEOUT.id(), 25);
            DmSession session = connected(p);
            Await.until("the COMPLETE twin", WAIT, () -> !updates.isEmpty());
            EmulatorClient api = hub();

            Future<EmulatorClient.Answer> slow = caller.submit(() -> api.invoke(device.id(), "slow", "{}", 60));
            assertThat(slowEntered.await(20, TimeUnit.SECONDS)).isTrue();
            Await.until("the renewal starts", RENEWALS, () -> log.contains("renewing the SAS token"));
            assertThat(connects(device.id())).as("the swap waits for the command in flight").isEqualTo(1);
            proxy.holdNewTunnels();
            releaseSlow.countDown();

            EmulatorClient.Answer slowAnswer = slow.get(20, TimeUnit.SECONDS);
            assertThat(slowAnswer.status()).as(slowAnswer.body()).isEqualTo(200);
            assertThat(json(slowAnswer.body()).getAsJsonObject().get("status").getAsInt()).isEqualTo(200);

            Await.until("the device away from the hub", WAIT, () -> !hubSeesConnected(device.id()));
            api.patchDesired(device.id(), "{\"gap\":\"made while reconnecting\"}");
            CompletableFuture<DmResult> heldMessage = session.sendMessage(DmMessage.of("sent while away"))
                    .toCompletableFuture();
            EmulatorClient.Answer ping = api.invoke(device.id(), "ping", "{}", 5);
            assertThat(ping.status()).as("a command while away is the hub's 404").isEqualTo(404);
            assertThat(heldMessage).isNotDone();
            proxy.releaseNewTunnels();

            TwinUpdate gap = Await.value("the desired change made while away", WAIT, () -> updates.stream()
                    .filter(u -> u.json().contains("gap")).findFirst().orElse(null));
            assertThat(gap.kind()).isEqualTo(TwinUpdate.Kind.PARTIAL);
            assertThat(gap.version()).isEqualTo(2);
            assertThat(heldMessage.get(20, TimeUnit.SECONDS).status()).isZero();
            assertThat(hubMessages(device.id(), 10).get(0).getAsJsonObject().get("payload").getAsString())
                    .isEqualTo("sent while away");
            assertThat(pingsRun.get()).as("the refused ping never ran").isZero();
            assertThat(connects(device.id())).isEqualTo(2);
            assertThat(log.contains("SAS token renewed")).isTrue();
            assertThat(log.contains("desired properties changed while reconnecting")).isTrue();
            assertAlwaysConnectedSinceTheFirstConnect();
        } finally {
            releaseSlow.countDown();
            caller.shutdownNow();
            assertThat(caller.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    public void theThreadsOfTheRenewedConnectionsEndWithTheSession() throws Exception {
        Device device = register("az-renew-threads", "sas");
        try (LogCapture log = captureLogs()) {
            Map<String, Object> p = sasSession("renew-threads", device);
            p.put("azure.sas.lifetime.seconds", 5);
            Configuration configuration = createSession(p);
            awaitState(awaitSession("renew-threads"), "connected", ConnectionState::isConnected);
            Await.until("a renewal", RENEWALS, () -> log.contains("SAS token renewed"));
            assertThat(Thread.getAllStackTraces().keySet()).as("Paho's threads of the new connection")
                    .anyMatch(t -> t.getName().contains("az-renew-threads"));
            configuration.delete();
        }
        ThreadCheck.awaitNoThreadNamed(name -> name.contains("az-renew-threads") || name.contains("renew-threads"),
                WAIT);
    }

    /** Runs {@code step} with 0, 1, 2, … every {@code periodMs} until {@code stop}; the pause waits on the flag. */
    private static void every(long periodMs, AtomicBoolean stop, IntStep step) {
        for (int i = 0; !stop.get(); i++) {
            step.run(i);
            if (periodMs > 0) {
                long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(periodMs);
                Await.until("the next step", Duration.ofSeconds(5), () -> stop.get() || System.nanoTime() >= until);
            }
        }
    }

    @FunctionalInterface
    private interface IntStep {
        void run(int i);
    }
}
