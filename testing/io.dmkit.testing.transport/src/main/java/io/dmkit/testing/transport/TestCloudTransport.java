package io.dmkit.testing.transport;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import io.dmkit.api.CommandResponse;
import io.dmkit.api.ConnectionReason;
import io.dmkit.api.DmMessage;
import io.dmkit.api.DmResult;
import io.dmkit.api.spi.Transport;
import io.dmkit.api.spi.TransportException;
import io.dmkit.api.spi.context.IncomingCommand;
import io.dmkit.api.spi.context.TransportContext;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * One session's connection to the test cloud. The core calls it one connection at a time and owns
 * reconnection, so this class only speaks the protocol: a fresh Paho client per connection, callbacks
 * of a replaced client ignored, everything that arrives handed to the core's listener at once (it never
 * blocks, so Paho's callback thread is safe to call it on).
 */
final class TestCloudTransport implements Transport {

    private static final int MAX_MESSAGE_BYTES = 256 * 1024;

    private final TestCloudEndpoint endpoint;
    private final TransportContext context;
    private final AtomicReference<MqttAsyncClient> current = new AtomicReference<>();
    private final AtomicReference<CompletableFuture<String>> twinRequest = new AtomicReference<>();
    private final AtomicLong reportedVersion = new AtomicLong();

    TestCloudTransport(TestCloudEndpoint endpoint, TransportContext context) {
        this.endpoint = endpoint;
        this.context = context;
    }

    @Override
    public CompletionStage<Void> connect() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        MqttAsyncClient client;
        try {
            client = new MqttAsyncClient(endpoint.serverUri(), endpoint.deviceId(), new MemoryPersistence());
        } catch (MqttException e) {
            done.completeExceptionally(failure(e));
            return done;
        }
        release(current.getAndSet(client)); // an attempt still in progress is superseded
        client.setCallback(new Callback(client));
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setAutomaticReconnect(false); // the core reconnects
        options.setKeepAliveInterval(endpoint.keepAliveSeconds());
        try {
            client.connect(options, null, listener(() -> subscribe(client, done), e -> fail(client, done, e)));
        } catch (MqttException e) {
            fail(client, done, e);
        }
        return done;
    }

    private void subscribe(MqttAsyncClient client, CompletableFuture<Void> done) {
        String[] filters = {endpoint.topics() + "desired", endpoint.topics() + "commands/+/+"};
        try {
            client.subscribe(filters, new int[] {1, 1}, null, listener(() -> done.complete(null),
                    e -> fail(client, done, e)));
        } catch (MqttException e) {
            fail(client, done, e);
        }
    }

    @Override
    public CompletionStage<Void> disconnect() {
        MqttAsyncClient client = current.getAndSet(null);
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (client == null || !client.isConnected()) {
            release(client);
            done.complete(null);
            return done;
        }
        try {
            client.disconnect(1000, null, listener(() -> { release(client); done.complete(null); },
                    e -> { release(client); done.complete(null); }));
        } catch (MqttException e) {
            release(client);
            done.complete(null);
        }
        return done;
    }

    /** The twin is the retained message on {@code twin}: (re)subscribing delivers it. */
    @Override
    public CompletionStage<String> requestTwin() {
        CompletableFuture<String> answer = new CompletableFuture<>();
        twinRequest.set(answer);
        MqttAsyncClient client = current.get();
        if (client == null) {
            answer.completeExceptionally(TransportException.notConnected("not connected"));
            return answer;
        }
        try {
            client.subscribe(endpoint.topics() + "twin", 1, null, listener(() -> { },
                    answer::completeExceptionally));
        } catch (MqttException e) {
            answer.completeExceptionally(TransportException.notConnected(e.toString()));
        }
        return answer;
    }

    @Override
    public CompletionStage<DmResult> sendReported(byte[] json) {
        long version = reportedVersion.incrementAndGet();
        return send("reported", json).thenApply(v -> DmResult.accepted(version));
    }

    @Override
    public CompletionStage<DmResult> publish(DmMessage message) {
        return send("telemetry", message.payload()).thenApply(v -> DmResult.accepted());
    }

    @Override
    public CompletionStage<Void> sendCommandResponse(String requestId, CommandResponse response) {
        return send("replies/" + requestId + "/" + response.status(), response.payload());
    }

    private CompletableFuture<Void> send(String topic, byte[] payload) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        MqttAsyncClient client = current.get();
        if (client == null) {
            done.completeExceptionally(TransportException.notConnected("not connected"));
            return done;
        }
        try {
            client.publish(endpoint.topics() + topic, payload, 1, false, null, listener(() -> done.complete(null),
                    e -> done.completeExceptionally(TransportException.notConnected("publish failed: " + e))));
        } catch (MqttException e) {
            done.completeExceptionally(TransportException.notConnected("publish failed: " + e));
        }
        return done;
    }

    @Override
    public int maxMessageBytes() {
        return MAX_MESSAGE_BYTES;
    }

    @Override
    public void close() {
        release(current.getAndSet(null));
    }

    private void fail(MqttAsyncClient client, CompletableFuture<Void> done, Throwable e) {
        if (current.compareAndSet(client, null)) {
            release(client);
        }
        done.completeExceptionally(failure(e));
    }

    private static TransportException failure(Throwable e) {
        boolean refused = e instanceof MqttException m
                && (m.getReasonCode() == MqttException.REASON_CODE_FAILED_AUTHENTICATION
                        || m.getReasonCode() == MqttException.REASON_CODE_NOT_AUTHORIZED);
        return TransportException.connectFailed(refused ? ConnectionReason.BAD_CREDENTIAL
                : ConnectionReason.COMMUNICATION_ERROR, "test cloud: " + e.getMessage(), e);
    }

    /**
     * Ends a client's socket and threads off the caller's thread: Paho joins its own threads, and the
     * caller may be one of them (or the core, which must not wait).
     */
    private static void release(MqttAsyncClient client) {
        if (client == null) {
            return;
        }
        Thread t = new Thread(() -> {
            try {
                client.disconnectForcibly(0, 0, false);
            } catch (MqttException e) {
                // not connected: nothing to end
            }
            try {
                client.close(true);
            } catch (MqttException e) {
                // closed already
            }
        }, "testcloud-release");
        t.setDaemon(true);
        t.start();
    }

    private static IMqttActionListener listener(Runnable onSuccess, Consumer<Throwable> onFailure) {
        return new IMqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                onSuccess.run();
            }

            @Override
            public void onFailure(IMqttToken token, Throwable error) {
                onFailure.accept(error);
            }
        };
    }

    /** Paho's callback for one client: ignores everything once that client is no longer current. */
    private final class Callback implements MqttCallback {
        private final MqttAsyncClient owner;

        Callback(MqttAsyncClient owner) {
            this.owner = owner;
        }

        @Override
        public void connectionLost(Throwable cause) {
            if (current.compareAndSet(owner, null)) {
                release(owner);
                context.listener().connectionLost(ConnectionReason.COMMUNICATION_ERROR, "test cloud: " + cause);
            }
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            if (current.get() != owner || !topic.startsWith(endpoint.topics())) {
                return;
            }
            String local = topic.substring(endpoint.topics().length());
            String text = new String(message.getPayload(), StandardCharsets.UTF_8);
            if (local.equals("twin")) {
                CompletableFuture<String> answer = twinRequest.getAndSet(null);
                if (answer != null) {
                    answer.complete(text);
                }
            } else if (local.equals("desired")) {
                desiredVersion(text).ifPresent(version -> context.listener().desiredPatch(text, version));
            } else if (local.startsWith("commands/")) {
                String[] parts = local.split("/");
                if (parts.length == 3) {
                    context.listener().commandReceived(new IncomingCommand(parts[2], parts[1], message.getPayload(),
                            null));
                }
            }
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
            // each publish completes through its own listener
        }
    }

    /** The {@code "$version"} of a desired patch; empty (the patch is dropped) when it has none. */
    private static OptionalLong desiredVersion(String json) {
        try {
            JsonElement version = JsonParser.parseString(json).getAsJsonObject().get("$version");
            return version == null ? OptionalLong.empty() : OptionalLong.of(version.getAsLong());
        } catch (RuntimeException e) { // not JSON, not an object, not a number
            return OptionalLong.empty();
        }
    }

    @Override
    public String toString() {
        return "TestCloudTransport[" + endpoint.serverUri() + ", " + endpoint.topics() + "]";
    }
}
