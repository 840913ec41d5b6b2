package io.dmkit.core.internal.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dmkit.api.CommandResponse;
import io.dmkit.api.ConnectionReason;
import io.dmkit.api.ConnectionState;
import io.dmkit.api.ConnectionStatus;
import io.dmkit.api.DmMessage;
import io.dmkit.api.DmResult;
import io.dmkit.api.PayloadTooLargeException;
import io.dmkit.api.SessionConfig;
import io.dmkit.api.TwinUpdate;
import io.dmkit.core.internal.execution.CoreExecutors;
import io.dmkit.core.internal.outbox.Outboxes;
import io.dmkit.testing.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionImplTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private CoreExecutors executors;
    private FakeTransport transport;
    private SessionImpl session;
    private final List<ConnectionState> states = new CopyOnWriteArrayList<>();
    private final List<TwinUpdate> twins = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        executors = new CoreExecutors("test");
        transport = new FakeTransport();
        session = newSession(SessionConfig.builder("s1").cloudType("thingspro").host("h").deviceId("d")
                .reconnectDelays(Duration.ofMillis(10), Duration.ofMillis(50)).commandTimeout(Duration.ofMillis(300))
                .operationTimeout(Duration.ofMillis(500)).queueCapacity(3).inflightMax(2).build());
    }

    private SessionImpl newSession(SessionConfig config) {
        SessionImpl s = new SessionImpl(config, executors, new Outboxes(Optional.empty()).open(config));
        s.attach(s.createTransport(transport, List.of(), Set.of()));
        s.addConnectionListener((sess, st) -> states.add(st));
        s.addTwinListener((sess, u) -> twins.add(u));
        return s;
    }

    @AfterEach
    void tearDown() throws Exception {
        session.close().get(5, TimeUnit.SECONDS);
        executors.shutdown();
    }

    private void connect() throws Exception {
        session.connect();
        transport.acceptConnect();
        Await.until("connected", WAIT, () -> session.state().isConnected());
    }

    @Test
    void connectReportsConnectedWithReasonOk() throws Exception {
        connect();
        Await.until("CONNECTED notified", WAIT, () -> !states.isEmpty()
                && states.get(states.size() - 1).status() == ConnectionStatus.CONNECTED);
        assertThat(states.get(states.size() - 1).reason()).isEqualTo(ConnectionReason.OK);
    }

    @Test
    void failedConnectIsRetriedWithBackoffAndTheReasonReported() throws Exception {
        session.connect();
        transport.refuseConnect(ConnectionReason.BAD_CREDENTIAL, "wrong key");
        Await.until("retrying state", WAIT, () -> session.state().status() == ConnectionStatus.DISCONNECTED_RETRYING);
        assertThat(session.state().reason()).isEqualTo(ConnectionReason.BAD_CREDENTIAL);
        assertThat(session.state().detail()).isEqualTo("wrong key");
        transport.refuseConnect(ConnectionReason.NO_NETWORK, "refused");
        transport.acceptConnect();
        Await.until("connected after retries", WAIT, () -> session.state().isConnected());
    }

    @Test
    void lostConnectionReconnectsAndReportsTheReason() throws Exception {
        connect();
        transport.listener.connectionLost(ConnectionReason.NO_PING_RESPONSE, "no pings");
        Await.until("lost reported", WAIT, () -> states.stream()
                .anyMatch(s -> s.reason() == ConnectionReason.NO_PING_RESPONSE));
        transport.acceptConnect();
        Await.until("connected again", WAIT, () -> session.state().isConnected());
    }

    @Test
    void twinIsDeliveredCompleteThenNewerPatchesInVersionOrderAndStaleOnesDropped() throws Exception {
        connect();
        FakeTransport.Call<String> fetch = FakeTransport.next(transport.twinRequests);
        // patches that arrive while the fetch is in flight, out of order, one stale
        transport.listener.desiredPatch("{\"b\":2,\"$version\":7}", 7);
        transport.listener.desiredPatch("{\"a\":1,\"$version\":6}", 6);
        transport.listener.desiredPatch("{\"old\":true,\"$version\":5}", 5);
        fetch.result().complete("{\"desired\":{\"x\":0,\"$version\":5},\"reported\":{\"$version\":1}}");
        Await.until("three updates", WAIT, () -> twins.size() == 3);
        assertThat(twins).extracting(TwinUpdate::kind, TwinUpdate::version).containsExactly(
                org.assertj.core.groups.Tuple.tuple(TwinUpdate.Kind.COMPLETE, 5L),
                org.assertj.core.groups.Tuple.tuple(TwinUpdate.Kind.PARTIAL, 6L),
                org.assertj.core.groups.Tuple.tuple(TwinUpdate.Kind.PARTIAL, 7L));
        transport.listener.desiredPatch("{\"a\":9,\"$version\":6}", 6); // stale after delivery
        transport.listener.desiredPatch("{\"a\":null,\"$version\":8}", 8);
        Await.until("patch 8", WAIT, () -> twins.size() == 4);
        assertThat(twins.get(3).version()).isEqualTo(8);
        Await.until("merged twin readable", WAIT, () -> session.twin().map(t -> t.version() == 8).orElse(false));
        assertThat(session.twin().orElseThrow().json()).contains("\"b\":2").doesNotContain("\"a\"");
    }

    @Test
    void twinFetchThrottledIsRetried() throws Exception {
        connect();
        FakeTransport.next(transport.twinRequests).result().completeExceptionally(
                io.dmkit.api.spi.TransportException.status(429, "throttled"));
        transport.answerTwin("{\"desired\":{\"$version\":3},\"reported\":{}}");
        Await.until("COMPLETE after retry", WAIT, () -> twins.size() == 1);
        assertThat(twins.get(0).kind()).isEqualTo(TwinUpdate.Kind.COMPLETE);
    }

    @Test
    void lateTwinListenerReceivesTheCurrentTwinAtOnce() throws Exception {
        connect();
        transport.answerTwin("{\"desired\":{\"k\":1,\"$version\":2},\"reported\":{}}");
        Await.until("delivered", WAIT, () -> twins.size() == 1);
        List<TwinUpdate> late = new CopyOnWriteArrayList<>();
        session.addTwinListener((s, u) -> late.add(u));
        Await.until("late listener told", WAIT, () -> late.size() == 1);
        assertThat(late.get(0).kind()).isEqualTo(TwinUpdate.Kind.COMPLETE);
        assertThat(late.get(0).json()).contains("\"k\":1");
    }

    @Test
    void messagesSentWhileDisconnectedAreDeliveredInOrderAfterConnect() throws Exception {
        CompletionStage<DmResult> first = session.sendMessage(DmMessage.of("1"));
        CompletionStage<DmResult> second = session.sendMessage(DmMessage.of("2"));
        connect();
        FakeTransport.Call<DmResult> p1 = FakeTransport.next(transport.published);
        FakeTransport.Call<DmResult> p2 = FakeTransport.next(transport.published);
        assertThat(List.of(p1.what(), p2.what())).containsExactly("1", "2");
        p1.result().complete(DmResult.accepted());
        p2.result().complete(DmResult.accepted());
        assertThat(first.toCompletableFuture().get(5, TimeUnit.SECONDS).status()).isZero();
        assertThat(second.toCompletableFuture().get(5, TimeUnit.SECONDS).status()).isZero();
    }

    @Test
    void inFlightWindowLimitsUnacknowledgedMessages() throws Exception {
        connect();
        session.sendMessage(DmMessage.of("1"));
        session.sendMessage(DmMessage.of("2"));
        session.sendMessage(DmMessage.of("3"));
        FakeTransport.Call<DmResult> p1 = FakeTransport.next(transport.published);
        FakeTransport.next(transport.published);
        assertThat(transport.published.poll(200, TimeUnit.MILLISECONDS)).as("third held back by the window").isNull();
        p1.result().complete(DmResult.accepted());
        assertThat(FakeTransport.next(transport.published).what()).isEqualTo("3");
    }

    @Test
    void messageInFlightWhenTheConnectionDropsIsSentAgainAfterReconnect() throws Exception {
        connect();
        CompletionStage<DmResult> result = session.sendMessage(DmMessage.of("m"));
        FakeTransport.Call<DmResult> lost = FakeTransport.next(transport.published);
        transport.listener.connectionLost(ConnectionReason.COMMUNICATION_ERROR, "reset");
        lost.result().completeExceptionally(io.dmkit.api.spi.TransportException.notConnected("lost"));
        transport.acceptConnect();
        FakeTransport.Call<DmResult> again = FakeTransport.next(transport.published);
        assertThat(again.what()).isEqualTo("m");
        assertThat(result.toCompletableFuture()).isNotDone();
        again.result().complete(DmResult.accepted());
        assertThat(result.toCompletableFuture().get(5, TimeUnit.SECONDS).isAccepted()).isTrue();
    }

    @Test
    void fullQueueRefusesWith507AndTooLargeMessageWith413() throws Exception {
        for (int i = 0; i < 3; i++) {
            session.sendMessage(DmMessage.of("q" + i));
        }
        DmResult full = session.sendMessage(DmMessage.of("overflow")).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(full.status()).isEqualTo(DmResult.QUEUE_FULL);
        assertThat(full.detail()).contains("queue is full");
        DmResult big = session.sendMessage(DmMessage.of("x".repeat(2000))).toCompletableFuture()
                .get(5, TimeUnit.SECONDS);
        assertThat(big.status()).isEqualTo(413);
    }

    @Test
    void removedSessionCompletesUnsentMessagesWith503() throws Exception {
        CompletionStage<DmResult> pending = session.sendMessage(DmMessage.of("never"));
        session.close().get(5, TimeUnit.SECONDS);
        assertThat(pending.toCompletableFuture().get(5, TimeUnit.SECONDS).status()).isEqualTo(503);
        assertThat(transport.closes.get()).isEqualTo(1);
    }

    @Test
    void messagesQueuedWhenASessionIsRemovedAreSentByTheNextSessionOfTheSameName(@TempDir Path dir)
            throws Exception {
        SessionConfig config = SessionConfig.builder("durable").cloudType("thingspro").host("h").build();
        Outboxes outboxes = new Outboxes(Optional.of(dir));
        SessionImpl first = new SessionImpl(config, executors, outboxes.open(config));
        CompletionStage<DmResult> one = first.sendMessage(DmMessage.of("one"));
        first.sendMessage(DmMessage.of("two"));
        Await.until("both queued", WAIT, () -> first.messageStats().queued() == 2);
        first.close().get(5, TimeUnit.SECONDS);
        DmResult removed = one.toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(removed.status()).isEqualTo(DmResult.NOT_CONNECTED);
        assertThat(removed.detail()).contains("stays in the outbox");

        FakeTransport next = new FakeTransport();
        SessionImpl second = new SessionImpl(config, executors, outboxes.open(config));
        try {
            assertThat(second.messageStats().queued()).isEqualTo(2);
            assertThat(second.messageStats().persistent()).isTrue();
            second.attach(second.createTransport(next, List.of(), Set.of()));
            second.connect();
            next.acceptConnect();
            FakeTransport.Call<DmResult> p1 = FakeTransport.next(next.published);
            FakeTransport.Call<DmResult> p2 = FakeTransport.next(next.published);
            assertThat(List.of(p1.what(), p2.what())).containsExactly("one", "two");
            p1.result().complete(DmResult.accepted());
            p2.result().complete(DmResult.accepted());
            Await.until("both acknowledged", WAIT, () -> second.messageStats().sent() == 2);
            assertThat(second.messageStats().queued()).isZero();
        } finally {
            second.close().get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void dropOldestCompletesTheDroppedMessageWith507AndCountsIt() throws Exception {
        SessionConfig config = SessionConfig.builder("dropping").cloudType("thingspro").host("h").queueCapacity(2)
                .queueOverflow(SessionConfig.Overflow.DROP_OLDEST).outbox(SessionConfig.Outbox.MEMORY).build();
        SessionImpl s = newSession(config);
        try {
            CompletionStage<DmResult> oldest = s.sendMessage(DmMessage.of("1"));
            s.sendMessage(DmMessage.of("2"));
            CompletionStage<DmResult> newest = s.sendMessage(DmMessage.of("3"));
            DmResult dropped = oldest.toCompletableFuture().get(5, TimeUnit.SECONDS);
            assertThat(dropped.status()).isEqualTo(DmResult.QUEUE_FULL);
            assertThat(dropped.detail()).contains("dropped");
            assertThat(newest.toCompletableFuture()).isNotDone();
            Await.until("stats updated", WAIT, () -> s.messageStats().dropped() == 1);
            assertThat(s.messageStats().queued()).isEqualTo(2);
        } finally {
            s.close().get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void reportedOverLimitFailsSynchronouslyAndSendsNothing() throws Exception {
        connect();
        String big = "{\"k\":\"" + "x".repeat(8193) + "\"}";
        assertThatThrownBy(() -> session.sendReported(big)).isInstanceOf(PayloadTooLargeException.class)
                .hasMessageContaining("8192");
        assertThatThrownBy(() -> session.sendReported("[1,2]")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("JSON object");
        assertThat(transport.reported.poll(100, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void reportedWhileDisconnectedFailsWith503() throws Exception {
        DmResult r = session.sendReported("{\"a\":1}").toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(r.status()).isEqualTo(503);
    }

    @Test
    void reportedThrottledIsRetriedAndTheAcceptedVersionMergedIntoTheTwin() throws Exception {
        connect();
        transport.answerTwin("{\"desired\":{\"$version\":1},\"reported\":{\"$version\":1}}");
        CompletionStage<DmResult> r = session.sendReported("{\"fw\":\"1.0\"}");
        FakeTransport.next(transport.reported).result().complete(DmResult.of(429, "slow down"));
        FakeTransport.next(transport.reported).result().complete(DmResult.accepted(2));
        DmResult result = r.toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(result.status()).isZero();
        assertThat(result.version()).hasValue(2);
    }

    @Test
    void commandWithoutHandlerIsAnswered404() throws Exception {
        connect();
        transport.command("r1", "nope", "{}", null);
        Await.until("reply", WAIT, () -> !transport.replies.isEmpty());
        assertThat(transport.replies.get(0)).startsWith("r1 404 ").contains("unknown command");
    }

    @Test
    void handlerResultIsTheReplyAndAThrowingHandlerGives500() throws Exception {
        connect();
        session.setCommandHandler(req -> {
            if (req.name().equals("boom")) {
                throw new IllegalStateException("secret internals");
            }
            return CommandResponse.of(201, req.payloadAsString());
        });
        transport.command("r1", "echo", "{\"a\":1}", null);
        transport.command("r2", "boom", "{}", null);
        Await.until("two replies", WAIT, () -> transport.replies.size() == 2);
        assertThat(transport.replies).contains("r1 201 {\"a\":1}");
        assertThat(transport.replies).anySatisfy(r -> assertThat(r).startsWith("r2 500 ")
                .doesNotContain("secret internals"));
    }

    @Test
    void handlersAndListenersRunOnDmkitsOwnThreadsNeverOnTheTransportsThread() throws Exception {
        List<String> listenerThreads = new CopyOnWriteArrayList<>();
        session.addConnectionListener((sess, st) -> listenerThreads.add(Thread.currentThread().getName()));
        List<String> handlerThreads = new CopyOnWriteArrayList<>();
        session.setCommandHandler(req -> {
            handlerThreads.add(Thread.currentThread().getName());
            return CommandResponse.of(200, "{}");
        });
        connect();
        Thread network = new Thread(() -> transport.command("r1", "where", "{}", null), "fake-network");
        network.start();
        network.join();
        Await.until("reply", WAIT, () -> transport.replies.size() == 1);
        Await.until("listener told", WAIT, () -> !listenerThreads.isEmpty());
        assertThat(handlerThreads).singleElement().asString().startsWith("test-handler");
        assertThat(listenerThreads).allSatisfy(t -> assertThat(t).startsWith("test-lane"));
    }

    @Test
    void slowHandlerGets504AtTheDeadlineAndItsLateAnswerIsDropped() throws Exception {
        connect();
        CountDownLatch interrupted = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        session.setCommandHandler(req -> {
            try {
                never.await(); // blocks until the deadline interrupts it
            } catch (InterruptedException e) {
                interrupted.countDown();
                throw e;
            }
            return CommandResponse.status(200);
        });
        transport.command("r1", "slow", "{}", null);
        Await.until("reply", WAIT, () -> !transport.replies.isEmpty());
        assertThat(transport.replies.get(0)).startsWith("r1 504 ");
        assertThat(interrupted.await(5, TimeUnit.SECONDS)).as("handler interrupted").isTrue();
        assertThat(transport.replies).hasSize(1);
    }

    @Test
    void replyForARequestFromALostConnectionIsNeverSent() throws Exception {
        connect();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        session.setCommandHandler(req -> {
            started.countDown();
            release.await();
            return CommandResponse.status(200);
        });
        transport.command("r1", "cmd", "{}", Duration.ofSeconds(5));
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        transport.listener.connectionLost(ConnectionReason.COMMUNICATION_ERROR, "gone");
        transport.acceptConnect();
        Await.until("reconnected", WAIT, () -> session.state().isConnected());
        release.countDown();
        // the handler answered, but on a connection that no longer exists: nothing may be sent
        Await.until("handler finished", WAIT, () -> executors.handlers.getActiveCount() == 0);
        transport.command("r2", "cmd", "{}", Duration.ofSeconds(5));
        Await.until("second reply", WAIT, () -> !transport.replies.isEmpty());
        assertThat(transport.replies).containsExactly("r2 200 ");
    }

    @Test
    void disconnectReportsClientCloseAndStopsRetrying() throws Exception {
        connect();
        session.disconnect().toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(session.state().status()).isEqualTo(ConnectionStatus.DISCONNECTED);
        assertThat(session.state().reason()).isEqualTo(ConnectionReason.CLIENT_CLOSE);
        assertThat(transport.connects.poll(200, TimeUnit.MILLISECONDS)).isNull();
    }
}
