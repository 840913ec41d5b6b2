package io.dmkit.transport.azure.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.dmkit.api.CommandResponse;
import io.dmkit.api.ConnectionState;
import io.dmkit.api.DmMessage;
import io.dmkit.api.DmResult;
import io.dmkit.api.DmSession;
import io.dmkit.api.SessionConfig;
import io.dmkit.api.TwinUpdate;
import io.dmkit.core.DmKit;
import io.dmkit.emulator.AuthKind;
import io.dmkit.emulator.CommandResult;
import io.dmkit.emulator.Device;
import io.dmkit.emulator.Dialect;
import io.dmkit.emulator.Emulator;
import io.dmkit.emulator.EmulatorOptions;
import io.dmkit.emulator.TelemetryMessage;
import io.dmkit.emulator.TwinDocument;
import io.dmkit.testing.Await;
import io.dmkit.testing.HttpConnectProxy;
import io.dmkit.testing.LogCapture;
import io.dmkit.testing.ThreadCheck;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SAS token renewal against the emulator's IoT Hub over TLS, through the core outside OSGi: at 85 % of the
 * token's life the transport reconnects with a new token, break before make, without the application
 * noticing and without losing a message, a command reply or a desired change. Token lifetimes are seconds
 * here, below the 60 s a configuration may ask for, through the transport factory's package-private
 * constructor: hence this package. It lives in the emulator's module because the emulator depends on the
 * transport (its wire grammar), so the transport's own module cannot start it.
 */
class AzureTokenRenewalTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Duration RENEWALS = Duration.ofSeconds(30);
    /** The shortest lifetime these tests may ask for. */
    private static final int SHORTEST_LIFETIME_SECONDS = 5;

    @TempDir
    static Path dir;
    static Emulator emulator;

    private final List<ConnectionState> states = new CopyOnWriteArrayList<>();
    private final List<TwinUpdate> updates = new CopyOnWriteArrayList<>();
    private DmKit dm;
    private LogCapture log;

    @BeforeAll
    static void startEmulator() throws Exception {
        emulator = Emulator.start(EmulatorOptions.forTests(dir.resolve("state")).build());
    }

    @AfterAll
    static void stopEmulator() {
        emulator.close();
    }

    @BeforeEach
    void open() {
        dm = DmKit.builder().transport(new AzureTransportFactory(SHORTEST_LIFETIME_SECONDS)).build();
        log = LogCapture.start();
    }

    @AfterEach
    void close() {
        dm.close();
        log.close();
    }

    /** A session of {@code device} over MQTT/TLS trusting the emulator's CA, its token valid {@code lifetime} s. */
    private SessionConfig.Builder session(Device device, int lifetimeSeconds) {
        return SessionConfig.builder(device.id()).cloudType("azure").host("localhost")
                .port(emulator.endpoints().mqttTlsPort()).deviceId(device.id()).key(device.key())
                .rootCa(emulator.endpoints().caCertificate().toString())
                .option("azure.sas.lifetime.seconds", String.valueOf(lifetimeSeconds)).autoConnect(false)
                .reconnectDelays(Duration.ofMillis(200), Duration.ofSeconds(2));
    }

    /** Creates the session, listens to it from the start, connects and waits for its COMPLETE twin. */
    private DmSession connected(SessionConfig config) {
        DmSession session = dm.createSession(config);
        session.addConnectionListener((s, state) -> states.add(state));
        session.addTwinListener((s, update) -> updates.add(update));
        session.connect();
        Await.until("the COMPLETE twin", WAIT, () -> !updates.isEmpty());
        return session;
    }

    private Device register(String id) {
        return emulator.registerDevice(id, Dialect.AZURE, AuthKind.SAS);
    }

    private long connects(Device device) {
        return emulator.connection(device.id()).connects();
    }

    private long renewals() {
        return log.lines().stream().filter(l -> l.contains("SAS token renewed")).count();
    }

    private void assertAlwaysConnectedSinceTheFirstConnect() {
        List<ConnectionState> sinceConnected = states.subList(states.indexOf(states.stream()
                .filter(ConnectionState::isConnected).findFirst().orElseThrow()), states.size());
        assertThat(sinceConnected).as("connection states the application saw").allMatch(ConnectionState::isConnected);
        assertThat(updates).filteredOn(u -> u.kind() == TwinUpdate.Kind.COMPLETE).as("COMPLETE twins").hasSize(1);
    }

    @Test
    void underLoadRenewalsLoseNoMessageNoCommandReplyAndNoDesiredChange() throws Exception {
        Device device = register("az-renew-load");
        AtomicInteger pingsRun = new AtomicInteger();
        DmSession session = connected(session(device, 8).build()); // renewed after 6.8 s
        session.setCommandHandler(r -> {
            pingsRun.incrementAndGet();
            return CommandResponse.of(200, r.payloadAsString());
        });

        AtomicBoolean stop = new AtomicBoolean();
        List<CompletableFuture<DmResult>> sent = new CopyOnWriteArrayList<>();
        List<CommandResult> pings = new CopyOnWriteArrayList<>();
        AtomicInteger patches = new AtomicInteger();
        ExecutorService load = Executors.newFixedThreadPool(3);
        try {
            List<Future<?>> workers = new ArrayList<>();
            workers.add(load.submit(() -> every(40, stop, i -> sent.add(session.sendMessage(DmMessage.of("m-" + i))
                    .toCompletableFuture()))));
            workers.add(load.submit(() -> every(0, stop, i -> pings.add(emulator.invoke(device.id(), "ping",
                    "{\"i\":" + i + "}", Duration.ofSeconds(5)).join()))));
            workers.add(load.submit(() -> every(40, stop, i -> {
                emulator.patchDesired(device.id(), "{\"k" + i + "\":" + i + "}");
                patches.incrementAndGet();
            })));
            Await.until("two renewals", RENEWALS, () -> renewals() >= 2);
            stop.set(true);
            for (Future<?> w : workers) {
                w.get(30, TimeUnit.SECONDS);
            }
        } finally {
            stop.set(true);
            load.shutdownNow();
            assertThat(load.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }

        assertThat(connects(device)).as("three connections at the hub").isEqualTo(3);

        // Messages: every one accepted, every one at the hub.
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < sent.size(); i++) {
            DmResult r = sent.get(i).get(30, TimeUnit.SECONDS);
            assertThat(r.status()).as("message m-" + i + ": " + r).isZero();
            expected.add("m-" + i);
        }
        Set<String> atHub = new HashSet<>();
        for (TelemetryMessage m : emulator.messages(device.id(), 1000)) {
            atHub.add(new String(m.payload(), StandardCharsets.UTF_8));
        }
        assertThat(atHub).as(sent.size() + " messages sent across two renewals").containsAll(expected);

        // Commands: every ping the handler ran was answered to its caller; the others never ran.
        assertThat(pings).filteredOn(p -> p.status() == 200).as("pings answered 200 vs. run by the handler")
                .hasSize(pingsRun.get());
        assertThat(pings).as("the device's answer, its 503 while swapping, or the hub's 404 while it was away")
                .allMatch(p -> List.of(200, 503, 404).contains(p.status()));

        // Desired: the application's twin ends equal to the hub's, version included.
        TwinDocument hub = emulator.twin(device.id());
        assertThat(hub.desiredVersion()).isEqualTo(1 + patches.get());
        JsonObject hubDesired = JsonParser.parseString(hub.desired()).getAsJsonObject();
        hubDesired.addProperty("$version", hub.desiredVersion());
        Await.until("the application's desired properties equal the hub's", WAIT, () -> JsonParser.parseString(
                session.twin().orElseThrow().json()).getAsJsonObject().getAsJsonObject("desired").equals(hubDesired));

        assertAlwaysConnectedSinceTheFirstConnect();
    }

    @Test
    void aCommandInFlightIsAnsweredFirstAndADesiredChangeMadeDuringTheSwapIsHandedOn() throws Exception {
        Device device = register("az-renew-swap");
        CountDownLatch slowEntered = new CountDownLatch(1);
        CountDownLatch releaseSlow = new CountDownLatch(1);
        AtomicInteger pingsRun = new AtomicInteger();
        try (HttpConnectProxy proxy = HttpConnectProxy.open()) {
            // Through a proxy, so the test can hold the way back and see what happens while the device is away.
            DmSession session = connected(session(device, 20) // renewed after 17 s; at most 1.5 s to drain
                    .port(emulator.endpoints().webSocketTlsPort()).option("azure.websocket", "true")
                    .option("proxy.host", "127.0.0.1").option("proxy.port", String.valueOf(proxy.port()))
                    .commandTimeout(Duration.ofSeconds(25)).build());
            session.setCommandHandler(r -> {
                if (r.name().equals("ping")) {
                    pingsRun.incrementAndGet();
                    return CommandResponse.of(200, "{}");
                }
                slowEntered.countDown();
                releaseSlow.await(30, TimeUnit.SECONDS);
                return CommandResponse.of(200, "{\"done\":true}");
            });

            CompletableFuture<CommandResult> slow = emulator.invoke(device.id(), "slow", "{}", Duration.ofSeconds(60));
            assertThat(slowEntered.await(20, TimeUnit.SECONDS)).isTrue();
            log.await(RENEWALS, "renewing the SAS token");
            assertThat(connects(device)).as("the swap waits for the command in flight").isEqualTo(1);
            proxy.holdNewTunnels();
            releaseSlow.countDown();

            assertThat(slow.get(20, TimeUnit.SECONDS).status()).isEqualTo(200);

            Await.until("the device away from the hub", WAIT, () -> !emulator.connection(device.id()).connected());
            emulator.patchDesired(device.id(), "{\"gap\":\"made while reconnecting\"}");
            CompletableFuture<DmResult> heldMessage = session.sendMessage(DmMessage.of("sent while away"))
                    .toCompletableFuture();
            assertThat(emulator.invoke(device.id(), "ping", "{}", Duration.ofSeconds(5)).get().status())
                    .as("a command while away is the hub's 404").isEqualTo(404);
            assertThat(heldMessage).isNotDone();
            proxy.releaseNewTunnels();

            TwinUpdate gap = Await.value("the desired change made while away", WAIT, () -> updates.stream()
                    .filter(u -> u.json().contains("gap")).findFirst().orElse(null));
            assertThat(gap.kind()).isEqualTo(TwinUpdate.Kind.PARTIAL);
            assertThat(gap.version()).isEqualTo(2);
            assertThat(heldMessage.get(20, TimeUnit.SECONDS).status()).isZero();
            List<TelemetryMessage> messages = emulator.messages(device.id(), 10);
            assertThat(new String(messages.get(messages.size() - 1).payload(), StandardCharsets.UTF_8))
                    .isEqualTo("sent while away");
            assertThat(pingsRun.get()).as("the refused ping never ran").isZero();
            assertThat(connects(device)).isEqualTo(2);
            assertThat(log.contains("SAS token renewed")).isTrue();
            assertThat(log.contains("desired properties changed while reconnecting")).isTrue();
            assertAlwaysConnectedSinceTheFirstConnect();
        } finally {
            releaseSlow.countDown();
        }
    }

    @Test
    void overWebSocketTheRenewalIsInvisibleAndTheThreadsOfEveryConnectionEndWithTheSession() throws Exception {
        Device device = register("az-renew-threads");
        DmSession session = connected(session(device, SHORTEST_LIFETIME_SECONDS)
                .port(emulator.endpoints().webSocketTlsPort()).option("azure.websocket", "true").build());

        Await.until("a second connection with a new token", RENEWALS, () -> connects(device) >= 2 && renewals() >= 1);
        assertThat(session.sendReported("{\"after\":\"renewal\"}").toCompletableFuture().get(10, TimeUnit.SECONDS)
                .status()).isZero();
        assertThat(Thread.getAllStackTraces().keySet()).as("Paho's threads of the new connection")
                .anyMatch(t -> t.getName().contains(device.id()));
        assertAlwaysConnectedSinceTheFirstConnect();

        assertThat(dm.removeSession(device.id())).isTrue();
        ThreadCheck.awaitNoThreadNamed(name -> name.contains(device.id()), WAIT);
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
