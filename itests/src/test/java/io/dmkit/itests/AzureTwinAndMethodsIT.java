package io.dmkit.itests;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.dmkit.api.CommandResponse;
import io.dmkit.api.DmResult;
import io.dmkit.api.DmSession;
import io.dmkit.api.SessionConfig;
import io.dmkit.api.TwinUpdate;
import io.dmkit.api.handler.CommandHandler;
import io.dmkit.api.handler.TwinListener;
import io.dmkit.testing.Await;
import io.dmkit.testing.EmulatorClient;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.Test;

/**
 * The twin and direct methods of IoT Hub through the {@code azure} transport: reported patches
 * with their new version, throttling retried until it passes, a hub-side 400 reported to the
 * caller, desired patches, and a direct method answered in every way a handler can answer.
 */
public class AzureTwinAndMethodsIT extends AzureTestSupport {

    @Test
    public void reportedPatchesGetTheHubsNewVersionAndDesiredPatchesArriveInOrder() throws Exception {
        Device device = register("az-twin", "sas");
        List<TwinUpdate> updates = new CopyOnWriteArrayList<>();
        register(TwinListener.class, (s, u) -> updates.add(u), Map.of(TwinListener.SESSION_NAME, "twin"));
        DmSession session = connected(sasSession("twin", device));
        Await.until("the COMPLETE twin", WAIT, () -> !updates.isEmpty());
        assertThat(updates.get(0).kind()).isEqualTo(TwinUpdate.Kind.COMPLETE);

        DmResult first = session.sendReported("{\"fw\":\"1.0\"}").toCompletableFuture().get(20, TimeUnit.SECONDS);
        DmResult second = session.sendReported("{\"fw\":null,\"uptime\":5}").toCompletableFuture()
                .get(20, TimeUnit.SECONDS);
        assertThat(first.version()).hasValue(2);
        assertThat(second.version()).hasValue(3);
        assertThat(hubTwin(device.id()).getAsJsonObject("reported").has("fw")).as("null deletes").isFalse();

        hub().patchDesired(device.id(), "{\"interval\":10}");
        hub().patchDesired(device.id(), "{\"interval\":20,\"mode\":\"eco\"}");
        Await.until("two PARTIAL updates", WAIT, () -> updates.size() >= 3);
        assertThat(updates.subList(1, 3)).extracting(TwinUpdate::kind).containsOnly(TwinUpdate.Kind.PARTIAL);
        assertThat(updates.subList(1, 3)).extracting(TwinUpdate::version).containsExactly(2L, 3L);
        JsonObject desired = json(session.twin().orElseThrow().json()).getAsJsonObject().getAsJsonObject("desired");
        assertThat(desired.get("interval").getAsInt()).isEqualTo(20);
        assertThat(desired.get("mode").getAsString()).isEqualTo("eco");
    }

    @Test
    public void aThrottledReportedPatchIsRetriedUntilTheHubAcceptsIt() throws Exception {
        Device device = register("az-throttled", "sas");
        DmSession session = connected(sasSession("throttled", device));
        try (LogCapture log = captureLogs()) {
            assertThat(hub().fault(device.id(), "{\"type\":\"throttle-twin\",\"seconds\":3}").status())
                    .isEqualTo(204);
            long start = System.nanoTime();
            DmResult result = session.sendReported("{\"battery\":87}").toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertThat(result.status()).as(result.toString()).isZero();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("it waited out the throttling")
                    .isGreaterThanOrEqualTo(2000);
            assertThat(log.lines()).anyMatch(l -> l.contains("throttled: reported patch answered 429"));
            assertThat(hubTwin(device.id()).getAsJsonObject("reported").get("battery").getAsInt()).isEqualTo(87);
        }
    }

    @Test
    public void aPatchTheHubRejectsAsMalformedIsReportedToTheCallerNotRetried() throws Exception {
        Device device = register("az-rejected", "sas");
        DmSession session = connected(sasSession("rejected", device));
        DmResult result = session.sendReported("{\"bad.name\":1}").toCompletableFuture().get(20, TimeUnit.SECONDS);
        assertThat(result.status()).isEqualTo(400);
        assertThat(result.detail()).contains("IoT Hub refused the reported patch with 400");
    }

    @Test
    public void aDirectMethodIsAnsweredInEveryWayAHandlerCanAnswer() throws Exception {
        Device device = register("az-methods", "sas");
        AtomicReference<String> received = new AtomicReference<>();
        CountDownLatch neverReleased = new CountDownLatch(1);
        handler("json", r -> {
            received.set(r.payloadAsString());
            return CommandResponse.of(200, "{\"ok\":true,\"echo\":" + r.payloadAsString() + "}");
        });
        handler("empty", r -> CommandResponse.status(204));
        handler("text", r -> CommandResponse.of(200, "plain words"));
        handler("busy", r -> CommandResponse.of(409, "{\"error\":\"busy\"}"));
        handler("broken", r -> {
            throw new IllegalStateException("secret internals");
        });
        handler("slow", r -> {
            neverReleased.await(30, TimeUnit.SECONDS); // interrupted at the 2 s deadline
            return CommandResponse.of(200, "{}");
        });
        Map<String, Object> p = sasSession("methods", device);
        p.put(SessionConfig.COMMAND_TIMEOUT.id(), 2);
        connected(p);
        EmulatorClient api = hub();

        JsonObject json = invoke(api, device, "json", "{\"n\":1}", 200);
        assertThat(json.get("status").getAsInt()).isEqualTo(200);
        assertThat(json.getAsJsonObject("payload").get("ok").getAsBoolean()).isTrue();
        assertThat(received.get()).isEqualTo("{\"n\":1}");

        JsonObject empty = invoke(api, device, "empty", null, 200);
        assertThat(empty.get("status").getAsInt()).isEqualTo(204);
        assertThat(empty.get("payload") == null || empty.get("payload").isJsonNull()).as(empty.toString()).isTrue();

        JsonObject text = invoke(api, device, "text", "{}", 200);
        assertThat(text.get("payload").getAsString()).as("non-JSON goes out as a JSON string").isEqualTo("plain words");

        JsonObject busy = invoke(api, device, "busy", "{}", 200);
        assertThat(busy.get("status").getAsInt()).isEqualTo(409);
        assertThat(busy.getAsJsonObject("payload").get("error").getAsString()).isEqualTo("busy");

        JsonObject broken = invoke(api, device, "broken", "{}", 200);
        assertThat(broken.get("status").getAsInt()).isEqualTo(500);
        assertThat(broken.toString()).doesNotContain("secret internals").doesNotContain("IllegalStateException");

        JsonObject unknown = invoke(api, device, "no-such-method", "{}", 404);
        assertThat(unknown.get("status").getAsInt()).isEqualTo(404);
        assertThat(unknown.getAsJsonObject("payload").get("error").getAsString()).contains("unknown command");

        long start = System.nanoTime();
        JsonObject slow = invoke(api, device, "slow", "{}", 504);
        assertThat(slow.get("status").getAsInt()).isEqualTo(504);
        assertThat(slow.toString()).as("the device's 504, not the hub's").doesNotContain("did not answer within");
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).as("at the 2 s deadline, well before "
                + "the hub's 10 s").isLessThan(8);
    }

    private void handler(String name, CommandHandler handler) {
        register(CommandHandler.class, handler, Map.of(CommandHandler.COMMAND_NAME, name,
                CommandHandler.SESSION_NAME, "methods"));
    }

    /** Invokes through the hub with a 10 s hub timeout (so a 504 is the device's) and checks the HTTP status. */
    private static JsonObject invoke(EmulatorClient api, Device device, String method, String payload, int httpStatus) {
        EmulatorClient.Answer answer = api.invoke(device.id(), method, payload, 10);
        assertThat(answer.status()).as(method + ": " + answer.body()).isEqualTo(httpStatus);
        JsonElement body = json(answer.body());
        return body.getAsJsonObject();
    }
}
