package io.dmkit.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dmkit.testing.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.crt.iot.MqttRequestResponseClientOptions;
import software.amazon.awssdk.crt.iot.StreamingOperation;
import software.amazon.awssdk.crt.iot.SubscriptionStatusEvent;
import software.amazon.awssdk.crt.iot.SubscriptionStatusEventType;
import software.amazon.awssdk.crt.mqtt5.Mqtt5Client;
import software.amazon.awssdk.crt.mqtt5.Mqtt5ClientOptions;
import software.amazon.awssdk.crt.mqtt5.OnAttemptingConnectReturn;
import software.amazon.awssdk.crt.mqtt5.OnConnectionFailureReturn;
import software.amazon.awssdk.crt.mqtt5.OnConnectionSuccessReturn;
import software.amazon.awssdk.crt.mqtt5.OnDisconnectionReturn;
import software.amazon.awssdk.crt.mqtt5.OnStoppedReturn;
import software.amazon.awssdk.crt.mqtt5.packets.ConnectPacket;
import software.amazon.awssdk.iot.AwsIotMqtt5ClientBuilder;
import software.amazon.awssdk.iot.V2ClientStreamOptions;
import software.amazon.awssdk.iot.iotshadow.IotShadowV2Client;
import software.amazon.awssdk.iot.iotshadow.model.GetShadowRequest;
import software.amazon.awssdk.iot.iotshadow.model.GetShadowResponse;
import software.amazon.awssdk.iot.iotshadow.model.ShadowDeltaUpdatedEvent;
import software.amazon.awssdk.iot.iotshadow.model.ShadowDeltaUpdatedSubscriptionRequest;
import software.amazon.awssdk.iot.iotshadow.model.ShadowState;
import software.amazon.awssdk.iot.iotshadow.model.UpdateShadowRequest;
import software.amazon.awssdk.iot.iotshadow.model.UpdateShadowResponse;
import software.amazon.awssdk.iot.iotshadow.model.V2ErrorResponseException;

/**
 * Fidelity of the AWS IoT Core dialect to a client we did not write: AWS's IoT device SDK for Java v2
 * ({@code aws-iot-device-sdk} 1.30.1, on the native aws-crt) with its MQTT 5 client and its
 * request/response shadow client ({@code IotShadowV2Client}), over mutual TLS with the thing's
 * certificate, the emulator's CA and its port. The SDK correlates replies by {@code clientToken} and
 * subscribes to {@code …/get/+}-style wildcards of its own thing, so this also proves those work.
 */
class AwsDeviceSdkTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String THING = "thing-sdk";

    @TempDir
    static Path dir;
    static Emulator emulator;
    static Device thing;

    @BeforeAll
    static void start() throws Exception {
        emulator = Emulator.start(EmulatorOptions.forTests(dir.resolve("state")).build());
        thing = emulator.registerDevice(THING, Dialect.AWS, AuthKind.X509);
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @Test
    void shadowClientGetsUpdatesAndReceivesDeltas() throws Exception {
        Mqtt5Client client = connect("sdk-device-1");
        try (IotShadowV2Client shadow = IotShadowV2Client.newFromMqtt5(client, MqttRequestResponseClientOptions
                .builder().withMaxRequestResponseSubscriptions(4).withMaxStreamingSubscriptions(2)
                .withOperationTimeoutSeconds((int) WAIT.toSeconds()).build())) {

            assertThatThrownBy(() -> await(shadow.getShadow(get()))).satisfies(e -> assertThat(shadowError(e)).isEqualTo(404));

            UpdateShadowResponse reported = await(shadow.updateShadow(update(null, Map.of("temp", 21), null)));
            assertThat(reported.version).isEqualTo(1);
            assertThat(reported.state.reported).containsKey("temp");

            BlockingQueue<ShadowDeltaUpdatedEvent> deltas = new LinkedBlockingQueue<>();
            BlockingQueue<SubscriptionStatusEvent> subscription = new LinkedBlockingQueue<>();
            ShadowDeltaUpdatedSubscriptionRequest deltaRequest = new ShadowDeltaUpdatedSubscriptionRequest();
            deltaRequest.thingName = THING;
            try (StreamingOperation deltaStream = shadow.createShadowDeltaUpdatedStream(deltaRequest,
                    V2ClientStreamOptions.<ShadowDeltaUpdatedEvent>builder().withStreamEventHandler(deltas::add)
                            .withSubscriptionEventHandler(subscription::add).build())) {
                deltaStream.open();
                SubscriptionStatusEvent status = subscription.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                assertThat(status).isNotNull();
                assertThat(status.getType()).isEqualTo(SubscriptionStatusEventType.SUBSCRIPTION_ESTABLISHED);

                emulator.patchDesired(THING, "{\"temp\":25}");
                ShadowDeltaUpdatedEvent delta = deltas.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                assertThat(delta).as("delta event").isNotNull();
                assertThat(delta.version).isEqualTo(2);
                assertThat(((Number) delta.state.get("temp")).intValue()).isEqualTo(25);
            }

            GetShadowResponse current = await(shadow.getShadow(get()));
            assertThat(current.version).isEqualTo(2);
            assertThat(((Number) current.state.desired.get("temp")).intValue()).isEqualTo(25);
            assertThat(((Number) current.state.reported.get("temp")).intValue()).isEqualTo(21);
            assertThat(((Number) current.state.delta.get("temp")).intValue()).isEqualTo(25);
            assertThat(current.timestamp).isNotNull();

            assertThatThrownBy(() -> await(shadow.updateShadow(update(null, Map.of("temp", 22), 1))))
                    .satisfies(e -> assertThat(shadowError(e)).isEqualTo(409));
            UpdateShadowResponse caughtUp = await(shadow.updateShadow(update(null, Map.of("temp", 25), 2)));
            assertThat(caughtUp.version).isEqualTo(3);
            assertThat(await(shadow.getShadow(get())).state.delta).isNullOrEmpty();
        } finally {
            client.stop();
            client.close();
        }
    }

    private static Mqtt5Client connect(String clientId) throws Exception {
        CompletableFuture<Void> connected = new CompletableFuture<>();
        Mqtt5Client client;
        try (AwsIotMqtt5ClientBuilder builder = AwsIotMqtt5ClientBuilder.newDirectMqttBuilderWithMtlsFromPath(
                emulator.endpoints().host(), thing.certificateFile().toString(), thing.privateKeyFile().toString())) {
            builder.withPort((long) emulator.endpoints().mqttTlsPort())
                    .withCertificateAuthorityFromPath(null, emulator.endpoints().caCertificate().toString())
                    .withConnectProperties(new ConnectPacket.ConnectPacketBuilder().withClientId(clientId))
                    .withLifeCycleEvents(new Lifecycle(connected));
            client = builder.build();
        }
        client.start();
        try {
            connected.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            client.stop();
            client.close();
            throw e;
        }
        Await.until("the emulator sees the SDK's connection", WAIT, () -> emulator.connection(THING).connected());
        return client;
    }

    private static GetShadowRequest get() {
        GetShadowRequest request = new GetShadowRequest();
        request.thingName = THING;
        return request;
    }

    private static UpdateShadowRequest update(Map<String, Object> desired, Map<String, Object> reported,
            Integer version) {
        UpdateShadowRequest request = new UpdateShadowRequest();
        request.thingName = THING;
        request.state = new ShadowState();
        request.state.desired = desired == null ? null : new HashMap<>(desired);
        request.state.reported = reported == null ? null : new HashMap<>(reported);
        request.version = version;
        return request;
    }

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The shadow service's error code in an SDK failure: the {@code code} of the rejected topic's payload. */
    private static int shadowError(Throwable failure) {
        Throwable cause = failure instanceof ExecutionException ? failure.getCause() : failure;
        assertThat(cause).isInstanceOf(V2ErrorResponseException.class);
        return ((V2ErrorResponseException) cause).getModeledError().code;
    }

    /** Completes {@code connected} on the first CONNACK success, or with the SDK's error on a failure. */
    private record Lifecycle(CompletableFuture<Void> connected) implements Mqtt5ClientOptions.LifecycleEvents {
        @Override
        public void onAttemptingConnect(Mqtt5Client client, OnAttemptingConnectReturn result) {
        }

        @Override
        public void onConnectionSuccess(Mqtt5Client client, OnConnectionSuccessReturn result) {
            connected.complete(null);
        }

        @Override
        public void onConnectionFailure(Mqtt5Client client, OnConnectionFailureReturn result) {
            connected.completeExceptionally(new IllegalStateException("the SDK could not connect: CRT error "
                    + result.getErrorCode() + " (" + software.amazon.awssdk.crt.CRT.awsErrorName(result.getErrorCode())
                    + ")" + (result.getConnAckPacket() == null ? "" : ", CONNACK " + result.getConnAckPacket().getReasonCode())));
        }

        @Override
        public void onDisconnection(Mqtt5Client client, OnDisconnectionReturn result) {
        }

        @Override
        public void onStopped(Mqtt5Client client, OnStoppedReturn result) {
        }
    }
}
