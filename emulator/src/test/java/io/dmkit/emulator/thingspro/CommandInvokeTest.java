package io.dmkit.emulator.thingspro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dmkit.emulator.thingspro.TestDevice.Received;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Spec §5 against a real broker: the device side is a raw Paho client. */
class CommandInvokeTest extends ServiceTestBase {

    private static final String INVOKER = "io.dmkit.emulator.thingspro.internal.CommandInvoker";

    private static CommandResult result(CompletableFuture<CommandResult> future) throws Exception {
        return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static Received request(TestDevice device, String name) {
        return device.await("command request " + name,
                r -> r.topic().startsWith(device.topic("commands/req/" + name + "/")));
    }

    /** The rid of a request topic {@code .../commands/req/{name}/{rid}/{timeoutMs}}. */
    private static String rid(Received request) {
        String[] levels = request.topic().split("/");
        return levels[5];
    }

    @Test
    void invokeCompletesWithTheDevicesReplyStatusAndPayload() throws Exception {
        TestDevice device = onlineDevice("cmd");
        CompletableFuture<CommandResult> future =
                service.invoke(device.id(), "reboot", "{\"delay\":5}", Duration.ofSeconds(30));

        Received request = request(device, "reboot");
        assertThat(request.text()).isEqualTo("{\"delay\":5}");
        assertThat(request.last()).as("timeoutMs level").isEqualTo("30000");
        assertThat(future).isNotDone();

        device.publish("commands/res/202/" + rid(request), "{\"accepted\":true}");
        CommandResult result = result(future);
        assertThat(result.status()).isEqualTo(202);
        assertThat(result.isSuccess()).isTrue();
        assertThat(result.fromDevice()).isTrue();
        assertThat(result.payloadAsString()).isEqualTo("{\"accepted\":true}");
    }

    @Test
    void binaryPayloadsTravelUnchangedBothWays() throws Exception {
        TestDevice device = onlineDevice("bin");
        byte[] payload = {0, (byte) 0xFF, 10, 13, (byte) 0xC3};
        CompletableFuture<CommandResult> future = service.invoke(device.id(), "blob", payload, Duration.ofSeconds(30));
        Received request = request(device, "blob");
        assertThat(request.payload()).isEqualTo(payload);
        device.publish("commands/res/500/" + rid(request), new byte[] {1, 2, 3});
        CommandResult result = result(future);
        assertThat(result.status()).isEqualTo(500);
        assertThat(result.payload()).containsExactly(1, 2, 3);
    }

    @Test
    void invokeToADeviceThatIsNotOnlineAnswers404AtOnceAndSendsNothing() throws Exception {
        TestDevice device = device("silent"); // connected and subscribed, never said online
        CompletableFuture<CommandResult> future = service.invoke(device.id(), "reboot", "", Duration.ofSeconds(30));
        assertThat(future).isDone();
        CommandResult result = future.getNow(null);
        assertThat(result.status()).isEqualTo(404);
        assertThat(result.fromDevice()).isFalse();
        assertThat(result.payloadAsString()).contains("not online");

        // Proof nothing was sent: a later request reaches the device, and is the only one it has.
        device.online();
        assertThat(service.awaitOnline(device.id(), TIMEOUT)).isTrue();
        service.invoke(device.id(), "ping", "", Duration.ofSeconds(30));
        request(device, "ping");
        assertThat(device.received()).filteredOn(r -> r.topic().contains("/commands/req/"))
                .extracting(r -> r.topic().split("/")[4]).containsExactly("ping");
    }

    @Test
    void invokeAfterTheDeviceWentOfflineAnswers404() throws Exception {
        TestDevice device = onlineDevice("gone");
        device.dropConnection();
        assertThat(service.awaitOffline(device.id(), TIMEOUT)).isTrue();
        assertThat(result(service.invoke(device.id(), "reboot", "", Duration.ofSeconds(30))).status()).isEqualTo(404);
    }

    @Test
    void noReplyInTimeCompletes504AndTheLateReplyIsIgnoredWithALogLine() throws Exception {
        try (LogCapture log = LogCapture.of(INVOKER)) {
            TestDevice device = onlineDevice("slow");
            CompletableFuture<CommandResult> future =
                    service.invoke(device.id(), "slow", "", Duration.ofMillis(300));
            Received request = request(device, "slow");
            assertThat(request.last()).isEqualTo("300");

            CommandResult timedOut = result(future);
            assertThat(timedOut.status()).isEqualTo(504);
            assertThat(timedOut.fromDevice()).isFalse();

            device.publish("commands/res/200/" + rid(request), "{\"late\":true}");
            String line = log.await("Ignored reply with status 200", rid(request), "timed out");
            assertThat(line).startsWith("INFO");
            assertThat(future.getNow(null).status()).as("completed exactly once").isEqualTo(504);
        }
    }

    @Test
    void aDuplicateReplyIsIgnoredAndTheFirstReplyStands() throws Exception {
        try (LogCapture log = LogCapture.of(INVOKER)) {
            TestDevice device = onlineDevice("dup");
            CompletableFuture<CommandResult> future = service.invoke(device.id(), "twice", "", Duration.ofSeconds(30));
            String rid = rid(request(device, "twice"));
            device.publish("commands/res/200/" + rid, "first");
            device.publish("commands/res/500/" + rid, "second");
            log.await("Ignored reply with status 500", rid, "already answered");
            CommandResult result = result(future);
            assertThat(result.status()).isEqualTo(200);
            assertThat(result.payloadAsString()).isEqualTo("first");
        }
    }

    @Test
    void aReplyOnAnotherDevicesTopicDoesNotCompleteTheCommand() throws Exception {
        TestDevice target = onlineDevice("target");
        TestDevice other = onlineDevice("other");
        CompletableFuture<CommandResult> future = service.invoke(target.id(), "op", "", Duration.ofSeconds(30));
        String rid = rid(request(target, "op"));

        other.publish("commands/res/200/" + rid, "forged");
        // The service handles one connection's messages in order: once this marker is recorded,
        // the forged reply before it has been handled too.
        other.publish("messages", "marker");
        io.dmkit.testing.Await.until("marker recorded", TIMEOUT, () -> !service.messages(other.id()).isEmpty());
        assertThat(future).isNotDone();

        target.publish("commands/res/200/" + rid, "genuine");
        assertThat(result(future).payloadAsString()).isEqualTo("genuine");
    }

    @Test
    void aReplyWithAMalformedStatusCompletesTheCommand502() throws Exception {
        TestDevice device = onlineDevice("malformed");
        CompletableFuture<CommandResult> future = service.invoke(device.id(), "op", "", Duration.ofSeconds(30));
        String rid = rid(request(device, "op"));
        device.publish("commands/res/OK/" + rid, "{}");
        CommandResult result = result(future);
        assertThat(result.status()).isEqualTo(502);
        assertThat(result.fromDevice()).isFalse();
        assertThat(result.payloadAsString()).contains("malformed");
    }

    @Test
    void futuresAreCompletedOffPahosThreadsSoDependentStagesMayBlock() throws Exception {
        TestDevice device = onlineDevice("thread");
        AtomicReference<String> thread = new AtomicReference<>();
        CompletableFuture<CommandResult> future = service.invoke(device.id(), "op", "", Duration.ofSeconds(30));
        CompletableFuture<Void> dependent = future.thenAccept(r -> thread.set(Thread.currentThread().getName()));
        device.publish("commands/res/200/" + rid(request(device, "op")), "");
        dependent.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(thread.get()).doesNotStartWith("MQTT").startsWith("dmkit-service-");
    }

    @Test
    void invokeRefusesInvalidArguments() {
        assertThatThrownBy(() -> service.invoke("a/b", "op", "", Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("device id");
        assertThatThrownBy(() -> service.invoke("gw", "a#b", "", Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("command name");
        assertThatThrownBy(() -> service.invoke("gw", "op", "", Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout");
    }
}
