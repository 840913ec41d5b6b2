package io.dmkit.core.internal.session;

import io.dmkit.api.CommandResponse;
import io.dmkit.api.ConnectionReason;
import io.dmkit.api.DmMessage;
import io.dmkit.api.DmResult;
import io.dmkit.api.SessionConfig;
import io.dmkit.api.Setting;
import io.dmkit.api.spi.Transport;
import io.dmkit.api.spi.TransportException;
import io.dmkit.api.spi.TransportFactory;
import io.dmkit.api.spi.context.IncomingCommand;
import io.dmkit.api.spi.context.TransportContext;
import io.dmkit.api.spi.context.TransportListener;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A transport driven by the test: every operation returns a future the test completes, and the
 * test plays the network through {@link #listener}. Used only in the core's unit tests; the
 * transports themselves are tested against real brokers.
 */
final class FakeTransport implements Transport, TransportFactory {

    /** One operation the core asked for, with the future the test completes. */
    record Call<T>(String what, byte[] payload, CompletableFuture<T> result) {
    }

    final BlockingQueue<Call<Void>> connects = new LinkedBlockingQueue<>();
    final BlockingQueue<Call<String>> twinRequests = new LinkedBlockingQueue<>();
    final BlockingQueue<Call<DmResult>> reported = new LinkedBlockingQueue<>();
    final BlockingQueue<Call<DmResult>> published = new LinkedBlockingQueue<>();
    final List<String> replies = new CopyOnWriteArrayList<>();
    final AtomicInteger disconnects = new AtomicInteger();
    final AtomicInteger closes = new AtomicInteger();
    volatile TransportListener listener;
    /** The configuration of the last {@link #create}. */
    volatile SessionConfig created;
    volatile int maxMessageBytes = 1024;
    private final String cloudType;
    private final List<Setting<?>> settings;

    FakeTransport() {
        this("thingspro", List.of());
    }

    /** A transport of this cloud type that declares these options. */
    FakeTransport(String cloudType, List<Setting<?>> settings) {
        this.cloudType = cloudType;
        this.settings = settings;
    }

    @Override
    public String cloudType() {
        return cloudType;
    }

    @Override
    public List<Setting<?>> settings() {
        return settings;
    }

    @Override
    public Transport create(SessionConfig config, TransportContext context) {
        listener = context.listener();
        created = config;
        return this;
    }

    @Override
    public CompletionStage<Void> connect() {
        return add(connects, "connect", null);
    }

    @Override
    public CompletionStage<Void> disconnect() {
        disconnects.incrementAndGet();
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<String> requestTwin() {
        return add(twinRequests, "twin", null);
    }

    @Override
    public CompletionStage<DmResult> sendReported(byte[] json) {
        return add(reported, "reported", json);
    }

    @Override
    public CompletionStage<DmResult> publish(DmMessage message) {
        return add(published, message.payloadAsString(), message.payload());
    }

    @Override
    public CompletionStage<Void> sendCommandResponse(String requestId, CommandResponse response) {
        replies.add(requestId + " " + response.status() + " " + response.payloadAsString());
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public int maxMessageBytes() {
        return maxMessageBytes;
    }

    @Override
    public void close() {
        closes.incrementAndGet();
    }

    // ---- test side ----

    static <T> Call<T> next(BlockingQueue<Call<T>> queue) throws InterruptedException {
        Call<T> c = queue.poll(5, TimeUnit.SECONDS);
        if (c == null) {
            throw new AssertionError("the core did not make the expected call within 5 s");
        }
        return c;
    }

    /** Accepts the next connect. */
    void acceptConnect() throws InterruptedException {
        next(connects).result.complete(null);
    }

    /** Refuses the next connect with a reason. */
    void refuseConnect(ConnectionReason reason, String detail) throws InterruptedException {
        next(connects).result.completeExceptionally(TransportException.connectFailed(reason, detail, null));
    }

    /** Answers the next twin request. */
    void answerTwin(String json) throws InterruptedException {
        next(twinRequests).result.complete(json);
    }

    void command(String rid, String name, String payload, Duration timeout) {
        listener.commandReceived(new IncomingCommand(rid, name, payload.getBytes(), timeout));
    }

    private static <T> CompletableFuture<T> add(BlockingQueue<Call<T>> queue, String what, byte[] payload) {
        CompletableFuture<T> f = new CompletableFuture<>();
        queue.add(new Call<>(what, payload, f));
        return f;
    }
}
