package io.dmkit.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.dmkit.api.ConnectionReason;
import io.dmkit.api.ConnectionState;
import io.dmkit.api.ConnectionStatus;
import io.dmkit.api.DmResult;
import io.dmkit.api.DmSession;
import io.dmkit.api.TwinUpdate;
import io.dmkit.core.DmKit;
import io.dmkit.testing.Await;
import io.dmkit.testing.EmulatorClient;
import io.dmkit.testing.EmulatorProcess;
import io.dmkit.testing.LogCapture;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The emulator's fault injection ({@code POST /api/devices/{id}/faults}, docs/emulator.md) against a
 * ThingsPro session: a dropped connection, refused connects and a throttled twin each drive the
 * session's retries with exponential backoff, and the reasons and statuses the session reports are
 * the ones the fault calls for.
 */
class EmulatorFaultsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration MIN_DELAY = Duration.ofMillis(200);
    private static final Duration MAX_DELAY = Duration.ofSeconds(3);
    /**
     * dmkit's log line for each retry: "name: not connected (REASON: detail); retrying in N ms", where N
     * is formatted by MessageFormat, with grouping ("1,660").
     */
    private static final Pattern RETRY =
            Pattern.compile(": not connected \\((\\w+): (.*)\\); retrying in ([\\d,.]+) ms");

    private static EmulatorProcess emulator;
    private static EmulatorClient api;
    private Baseline baseline;
    private DmKit dm;
    private LogCapture logs;

    @BeforeAll
    static void startEmulator() {
        emulator = EmulatorProcess.start(Path.of(System.getProperty("dmkit.emulator.jar",
                "../emulator/target/dmkit-emulator.jar")), FaultCloud.testDir().resolve("emulator"));
        api = emulator.client();
    }

    @AfterAll
    static void stopEmulator() {
        emulator.close();
    }

    @BeforeEach
    void open() {
        baseline = Baseline.threads();
        dm = DmKit.open();
        logs = LogCapture.start();
    }

    @AfterEach
    void close() {
        logs.close();
        dm.close();
    }

    @Test
    void droppedConnectionIsReportedAsACommunicationErrorAndRepairedByReconnecting() throws Exception {
        Figures figures = Figures.of("emulator fault: drop");
        DmSession session = connect("drop", "flt-drop");
        ConnectionLog log = ConnectionLog.of(session);
        Instant faultAt = Instant.now();
        assertThat(api.fault("flt-drop", "{\"type\":\"drop\"}").status()).isEqualTo(204);
        ConnectionState lost = log.awaitLossAfter(faultAt, WAIT);
        ConnectionState back = log.awaitConnectedAfter(lost.since(), WAIT);
        int connects = connects("flt-drop");
        figures.add("reason", lost.reason()).add("detail", "\"" + lost.detail() + "\"")
                .add("detect", Duration.between(faultAt, lost.since()).toMillis() + "ms")
                .add("reconnect", Duration.between(lost.since(), back.since()).toMillis() + "ms")
                .add("connects", connects);
        AssertionError threads = closeAndPrint(figures);

        assertThat(lost.status()).isEqualTo(ConnectionStatus.DISCONNECTED_RETRYING);
        assertThat(lost.reason()).isEqualTo(ConnectionReason.COMMUNICATION_ERROR);
        assertThat(lost.detail()).contains("closed the connection");
        assertThat(back.reason()).isEqualTo(ConnectionReason.OK);
        assertThat(connects).isEqualTo(2);
        Baseline.rethrow(threads);
    }

    @Test
    void refusedConnectsDriveExponentialBackoffWithTheServerUnavailableReasonUntilTheyAreAcceptedAgain()
            throws Exception {
        int refuseSeconds = 5;
        Figures figures = Figures.of("emulator fault: refuse-connects");
        DmSession session = connect("refuse", "flt-refuse");
        ConnectionLog log = ConnectionLog.of(session);
        Instant faultAt = Instant.now();
        assertThat(api.fault("flt-refuse", "{\"type\":\"refuse-connects\",\"seconds\":" + refuseSeconds + "}")
                .status()).isEqualTo(204);
        ConnectionState back = Await.value("connected again after the refusals", WAIT, () -> {
            List<ConnectionState> c = log.after(faultAt, ConnectionStatus.CONNECTED);
            return c.isEmpty() ? null : c.get(0);
        });
        List<ConnectionState> failures = log.after(faultAt, ConnectionStatus.DISCONNECTED_RETRYING);
        List<ConnectionState> refusals = failures.subList(1, failures.size()); // the first is the drop
        List<Long> delays = retryDelays("refuse");
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < failures.size(); i++) {
            gaps.add(Duration.between(failures.get(i - 1).since(), failures.get(i).since()).toMillis());
        }
        figures.add("refuse_for", refuseSeconds + "s").add("refused_attempts", refusals.size())
                .add("reasons", refusals.stream().map(s -> s.reason() + ": " + s.detail()).distinct().toList())
                .add("backoff_ms", delays).add("gaps_ms", gaps)
                .add("connected_after", Duration.between(faultAt, back.since()).toMillis() + "ms")
                .add("connects", connects("flt-refuse"));
        AssertionError threads = closeAndPrint(figures);

        assertThat(refusals).as("several refused attempts").hasSizeGreaterThanOrEqualTo(3);
        assertThat(refusals).allSatisfy(s -> {
            assertThat(s.reason()).isEqualTo(ConnectionReason.COMMUNICATION_ERROR);
            assertThat(s.detail()).isEqualTo("the service is unavailable (CONNACK 3)");
        });
        assertThat(delays).as("one retry delay per failure").hasSize(failures.size());
        for (int k = 0; k < delays.size(); k++) {
            long base = Math.min(MIN_DELAY.toMillis() << k, MAX_DELAY.toMillis());
            assertThat(delays.get(k)).as("retry %d: min × 2^%d with jitter 0.8–1.2, at most the maximum", k, k)
                    .isBetween((long) Math.floor(base * 0.8),
                            Math.min(MAX_DELAY.toMillis(), (long) Math.ceil(base * 1.2)));
        }
        for (int i = 0; i < gaps.size(); i++) {
            assertThat(gaps.get(i)).as("an attempt comes no sooner than its delay")
                    .isGreaterThanOrEqualTo(delays.get(i));
        }
        assertThat(Duration.between(faultAt, back.since())).as("accepted again once the refusals ended")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(refuseSeconds));
        assertThat(back.reason()).isEqualTo(ConnectionReason.OK);
        Baseline.rethrow(threads);
    }

    @Test
    void throttledTwinIsRetriedWithBackoffAndReportedAs429OnlyWhenTheThrottleOutlastsTheOperationTimeout()
            throws Exception {
        Figures figures = Figures.of("emulator fault: throttle-twin");
        // Device 1: a short throttle across a reconnect; the twin fetch and a reported patch wait it out.
        List<TwinUpdate> twins = new CopyOnWriteArrayList<>();
        DmSession shortly = connect("throttled", "flt-throttle");
        shortly.addTwinListener((s, u) -> twins.add(u));
        ConnectionLog log = ConnectionLog.of(shortly);
        Await.until("first twin", WAIT, () -> !twins.isEmpty());
        // Device 2: a throttle longer than its 2 s operation timeout.
        DmSession longer = connect("outlasted", "flt-throttle-long", b -> b.operationTimeout(Duration.ofSeconds(2)));

        int throttleMillis = 2000;
        Instant faultAt = Instant.now();
        for (String[] fault : new String[][] {
                {"flt-throttle", "{\"type\":\"throttle-twin\",\"seconds\":" + throttleMillis / 1000 + "}"},
                {"flt-throttle-long", "{\"type\":\"throttle-twin\",\"seconds\":30}"},
                {"flt-throttle", "{\"type\":\"drop\"}"}}) {
            assertThat(api.fault(fault[0], fault[1]).status()).as(fault[1]).isEqualTo(204);
        }
        ConnectionState back = log.awaitConnectedAfter(faultAt, WAIT);
        CompletableFuture<DmResult> patch = shortly.sendReported("{\"throttled\":\"waited\"}").toCompletableFuture();
        CompletableFuture<DmResult> refused = longer.sendReported("{\"throttled\":\"gave up\"}").toCompletableFuture();
        TwinUpdate refetched = Await.value("the COMPLETE twin after the reconnect", WAIT, () -> twins.stream()
                .skip(1).filter(u -> u.kind() == TwinUpdate.Kind.COMPLETE).findFirst().orElse(null));
        Instant refetchedAt = Instant.now();
        DmResult patched = patch.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        Instant patchedAt = Instant.now();
        DmResult gaveUp = refused.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        long fetchRetries = logs.lines().stream()
                .filter(l -> l.contains("throttled: fetching the twin failed with 429")).count();
        long patchRetries = logs.lines().stream()
                .filter(l -> l.contains("throttled: reported patch answered 429")).count();
        JsonObject reported = JsonParser.parseString(api.twin("flt-throttle").body()).getAsJsonObject()
                .getAsJsonObject("reported");
        figures.add("throttle", throttleMillis + "ms").add("twin_fetch_retries", fetchRetries)
                .add("complete_after", Duration.between(faultAt, refetchedAt).toMillis() + "ms")
                .add("patch_retries", patchRetries).add("patch", patched.status())
                .add("patch_after", Duration.between(faultAt, patchedAt).toMillis() + "ms")
                .add("outlasted_patch", gaveUp.status()).add("reconnected", back.reason());
        AssertionError threads = closeAndPrint(figures);

        assertThat(fetchRetries).as("the twin fetch was throttled and retried").isPositive();
        assertThat(refetched.version()).isPositive();
        assertThat(Duration.between(faultAt, refetchedAt)).as("the COMPLETE twin came once the throttle ended")
                .isGreaterThanOrEqualTo(Duration.ofMillis(throttleMillis));
        assertThat(patchRetries).as("the reported patch was throttled and retried").isPositive();
        assertThat(patched.status()).as("then accepted").isEqualTo(DmResult.ACCEPTED);
        assertThat(reported.get("throttled").getAsString()).isEqualTo("waited");
        assertThat(gaveUp.status()).as("a throttle that outlasts the operation timeout is reported as such")
                .isEqualTo(DmResult.THROTTLED);
        Baseline.rethrow(threads);
    }

    private DmSession connect(String name, String deviceId) {
        return connect(name, deviceId, b -> b);
    }

    private DmSession connect(String name, String deviceId,
            java.util.function.UnaryOperator<io.dmkit.api.SessionConfig.Builder> tune) {
        assertThat(api.registerDevice(deviceId, "thingspro", "none").status()).isBetween(200, 201);
        DmSession session = dm.createSession(tune.apply(FaultCloud.session(name, deviceId, emulator.mqttPort())
                .reconnectDelays(MIN_DELAY, MAX_DELAY)).build());
        Await.until(name + " connected", WAIT, () -> session.state().isConnected());
        return session;
    }

    private static int connects(String deviceId) {
        return JsonParser.parseString(api.connection(deviceId).body()).getAsJsonObject().get("connects").getAsInt();
    }

    /** The retry delays dmkit logged for the session, in order. */
    private List<Long> retryDelays(String session) {
        List<Long> delays = new ArrayList<>();
        for (String line : logs.lines()) {
            Matcher m = RETRY.matcher(line);
            if (line.contains(" " + session + ": not connected") && m.find()) {
                delays.add(Long.parseLong(m.group(3).replaceAll("\\D", "")));
            }
        }
        return delays;
    }

    private AssertionError closeAndPrint(Figures figures) {
        logs.close();
        dm.close();
        AssertionError threads = baseline.awaitThreads(WAIT, name -> name.startsWith("HttpClient-"));
        figures.add("threads_before", baseline.threadCount()).add("threads_after", Baseline.liveThreads()).print();
        return threads;
    }
}
