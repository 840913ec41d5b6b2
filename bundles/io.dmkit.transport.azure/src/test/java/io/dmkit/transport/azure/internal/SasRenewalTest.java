package io.dmkit.transport.azure.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmkit.api.ConnectionReason;
import io.dmkit.api.SessionConfig;
import io.dmkit.api.spi.TransportException;
import io.dmkit.transport.azure.protocol.SasToken;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.Test;

/**
 * The SAS renewal's sequence on a scheduler whose time the test moves: when it starts, what waits, what
 * goes out when, what the core is handed and told. The wire side is {@link FakeLink}, which records.
 */
class SasRenewalTest {

    private static final String KEY = "c2VjcmV0LWtleS1vZi1kZXZpY2UtMQ==";
    /** 85 % of the default lifetime of 3600 s. */
    private static final Duration DUE = Duration.ofSeconds(3060);
    private static final String TWIN_V1 = "{\"desired\":{\"a\":1,\"$version\":1},\"reported\":{}}";

    private final ManualScheduler scheduler = new ManualScheduler();
    private final OperationGate gate = new OperationGate();
    private final DesiredMirror desired = new DesiredMirror();
    private final FakeLink link = new FakeLink();
    private AzureSettings settings = settings(KEY);
    private SasRenewal renewal = new SasRenewal("renewal", settings, gate, desired, scheduler, scheduler.clock(), link);

    private static AzureSettings settings(String key) {
        return AzureSettings.from(SessionConfig.builder("renewal").cloudType("azure").host("hub.example")
                .deviceId("dev-1").key(key).build());
    }

    /** The connection over which the renewal reconnects, recording what is asked of it. */
    private final class FakeLink implements SasRenewal.Link {
        int disconnects;
        int connects;
        CompletableFuture<Void> disconnecting = CompletableFuture.completedFuture(null);
        CompletableFuture<Void> connecting;
        final List<CompletableFuture<String>> twinFetches = new ArrayList<>();
        final List<String> failedRequests = new ArrayList<>();
        final List<DesiredMirror.Patch> toCore = new ArrayList<>();
        ConnectionReason lostReason;
        String lostDetail;

        @Override
        public CompletableFuture<Void> disconnect() {
            disconnects++;
            return disconnecting;
        }

        @Override
        public CompletableFuture<Void> connect() {
            connects++;
            renewal.issueToken(); // as the transport's settings supplier does
            connecting = new CompletableFuture<>();
            return connecting;
        }

        @Override
        public CompletableFuture<String> fetchTwin() {
            CompletableFuture<String> fetch = new CompletableFuture<>();
            twinFetches.add(fetch);
            return fetch;
        }

        @Override
        public void failRequests(String why) {
            failedRequests.add(why);
        }

        @Override
        public void desiredPatch(String json, long version) {
            toCore.add(new DesiredMirror.Patch(json, version));
        }

        @Override
        public void lost(ConnectionReason reason, String detail) {
            lostReason = reason;
            lostDetail = detail;
        }
    }

    /** As the transport does: a token for the connection, then the connection is established. */
    private void connected() {
        renewal.issueToken();
        renewal.start();
    }

    private CompletableFuture<Void> inFlight() {
        CompletableFuture<Void> acknowledged = new CompletableFuture<>();
        gate.message(() -> acknowledged, () -> TransportException.notConnected("gone"));
        return acknowledged;
    }

    @Test
    void theTokenIsRenewedAt85PercentOfItsLifeAndTheNextOneAgain() {
        connected();
        IssuedToken first = renewal.token();

        scheduler.advance(DUE.minusSeconds(1));
        assertThat(link.disconnects).isZero();
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(link.disconnects).as("break before make").isEqualTo(1);
        assertThat(link.connects).isEqualTo(1);
        assertThat(link.failedRequests).containsExactly("reconnecting to renew the SAS token");
        link.connecting.complete(null);

        assertThat(renewal.token().expiry()).isEqualTo(first.expiry().plus(DUE));
        assertThat(gate.phase()).isEqualTo(OperationGate.Phase.OPEN);
        scheduler.advance(DUE.minusSeconds(1));
        assertThat(link.disconnects).isEqualTo(1);
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(link.disconnects).isEqualTo(2);
        assertThat(link.lostReason).isNull();
    }

    @Test
    void newMessagesWaitWhileWorkInFlightFinishesOnTheOldConnectionThenGoOutOnTheNewOne() {
        connected();
        CompletableFuture<Void> acknowledged = inFlight();
        scheduler.advance(DUE);
        List<String> sent = new ArrayList<>();
        CompletableFuture<String> held = gate.message(() -> {
            sent.add("held");
            return CompletableFuture.completedFuture("sent");
        }, () -> TransportException.notConnected("gone"));

        assertThat(gate.phase()).isEqualTo(OperationGate.Phase.DRAINING);
        assertThat(link.disconnects).as("the old connection stays while work is in flight").isZero();
        acknowledged.complete(null);
        scheduler.runDue();
        assertThat(link.disconnects).isEqualTo(1);
        assertThat(sent).as("nothing goes out while swapping").isEmpty();

        link.connecting.complete(null);
        assertThat(sent).containsExactly("held");
        assertThat(held).isCompletedWithValue("sent");
    }

    @Test
    void theDrainIsBoundedByTheCommandTimeoutThenTheConnectionIsSwappedAnyway() {
        connected();
        inFlight(); // never acknowledged
        scheduler.advance(DUE);
        Duration bound = settings.commandTimeout.plusSeconds(2);

        scheduler.advance(bound.minusMillis(1));
        assertThat(link.disconnects).isZero();
        scheduler.advance(Duration.ofMillis(1));
        assertThat(link.disconnects).isEqualTo(1);
        assertThat(gate.phase()).isEqualTo(OperationGate.Phase.SWAPPING);
    }

    @Test
    void aDesiredChangeMadeWhileAwayIsHandedOnAsOnePatchBeforeThePatchesThatFollowIt() {
        desired.adopt(TWIN_V1);
        connected();
        scheduler.advance(DUE);
        link.connecting.complete(null);
        renewal.desiredArrived("{\"c\":3,\"$version\":3}", 3);
        assertThat(link.toCore).as("a patch after the swap waits for the twin").isEmpty();

        scheduler.runDue();
        assertThat(link.twinFetches).hasSize(1);
        link.twinFetches.get(0).complete("{\"desired\":{\"a\":1,\"b\":2,\"$version\":2},\"reported\":{}}");

        assertThat(link.toCore).extracting(DesiredMirror.Patch::version).containsExactly(2L, 3L);
        assertThat(link.toCore.get(0).json()).isEqualTo("{\"b\":2,\"$version\":2}");
        renewal.desiredArrived("{\"d\":4,\"$version\":4}", 4);
        assertThat(link.toCore).hasSize(3);
    }

    @Test
    void aTwinThatCannotBeFetchedAgainEndsTheConnectionSoThatTheCoreReconnects() {
        desired.adopt(TWIN_V1);
        connected();
        scheduler.advance(DUE);
        link.connecting.complete(null);

        for (int attempt = 0; attempt < SasRenewal.RESYNC_ATTEMPTS; attempt++) {
            scheduler.advance(SasRenewal.RESYNC_PAUSE.multipliedBy(1L << attempt)); // the pause before this attempt
            assertThat(link.twinFetches).as("attempt %d", attempt + 1).hasSize(attempt + 1);
            assertThat(link.lostReason).isNull();
            link.twinFetches.get(attempt).completeExceptionally(TransportException.status(500, "IoT Hub answered "
                    + "the twin GET with 500"));
        }

        assertThat(link.lostReason).isEqualTo(ConnectionReason.COMMUNICATION_ERROR);
        assertThat(link.lostDetail).contains("could not fetch the twin after renewing the SAS token (IoT Hub "
                + "answered the twin GET with 500)");
    }

    @Test
    void aNewConnectionThatFailsIsReportedAsLostWithItsReasonAndNothingMoreIsRenewed() {
        connected();
        scheduler.advance(DUE);
        link.connecting.completeExceptionally(new MqttException(MqttException.REASON_CODE_NOT_AUTHORIZED));

        assertThat(link.lostReason).isEqualTo(ConnectionReason.BAD_CREDENTIAL);
        assertThat(link.lostDetail).startsWith("reconnecting with a new SAS token failed: IoT Hub refused device "
                + "'dev-1' (CONNACK 5");
        scheduler.advance(DUE.multipliedBy(2));
        assertThat(link.disconnects).isEqualTo(1);
    }

    @Test
    void stoppedWhileDrainingTheRenewalEndsWithoutTouchingTheConnection() {
        connected();
        CompletableFuture<Void> acknowledged = inFlight();
        scheduler.advance(DUE);

        renewal.stop();
        acknowledged.complete(null);
        scheduler.advance(Duration.ofMinutes(5));

        assertThat(link.disconnects).isZero();
        assertThat(link.lostReason).isNull();
    }

    @Test
    void stoppedWhileTheOldConnectionClosesTheRenewalConnectsNoNewOne() {
        connected();
        link.disconnecting = new CompletableFuture<>();
        scheduler.advance(DUE);
        assertThat(link.disconnects).isEqualTo(1);

        renewal.stop();
        link.disconnecting.complete(null);

        assertThat(link.connects).as("the core's disconnect came first").isZero();
        assertThat(link.lostReason).as("nothing to report: the core ended the connection").isNull();
    }

    @Test
    void aTokenGivenInTheConfigurationIsNotRenewed() {
        String token = SasToken.create(SasToken.deviceResource("hub.example", "dev-1"), KEY,
                Instant.now().plus(Duration.ofDays(1)));
        settings = settings(token);
        renewal = new SasRenewal("given", settings, gate, desired, scheduler, scheduler.clock(), link);

        connected();

        assertThat(renewal.token()).isNotNull();
        assertThat(scheduler.pending()).as("no renewal is scheduled").isZero();
    }
}
