package io.dmkit.itests;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.dmkit.api.DmMessage;
import io.dmkit.api.DmResult;
import io.dmkit.api.DmSession;
import io.dmkit.api.SessionConfig;
import io.dmkit.testing.Await;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.Test;

/**
 * Telemetry to AWS IoT Core (docs/clouds/aws.md, "Telemetry"): MQTT 5 publishes on the configured topic
 * with the message's properties as user properties, AWS's 128 KB limit kept locally, and AWS's
 * 100 publishes per second per connection kept by pacing rather than learnt from disconnects.
 */
public class AwsTelemetryIT extends AwsEmulatorSupport {

    private static DmResult sent(DmSession session, DmMessage message) throws Exception {
        return session.sendMessage(message).toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    @Test
    public void messageGoesToTheDefaultTopicWithItsPropertiesAsUserProperties() throws Exception {
        Thing thing = registerThing("tel-default");
        DmSession session = connected(sessionProperties("tel", thing));

        DmResult result = sent(session, DmMessage.builder("{\"temp\":21.5}").property("unit", "C")
                .property("site", "Zürich").build());
        assertThat(result.status()).as(result.detail()).isZero();

        JsonArray messages = cloudMessages(thing);
        assertThat(messages).hasSize(1);
        JsonObject message = messages.get(0).getAsJsonObject();
        assertThat(message.get("topic").getAsString()).isEqualTo("dt/tel-default/messages");
        assertThat(message.get("payload").getAsString()).isEqualTo("{\"temp\":21.5}");
        assertThat(message.getAsJsonObject("properties")).isEqualTo(json("{\"unit\":\"C\",\"site\":\"Zürich\"}"));
    }

    @Test
    public void configuredTopicIsUsedWithTheThingNameInIt() throws Exception {
        Thing thing = registerThing("tel-topic");
        Map<String, Object> p = sessionProperties("topic", thing);
        p.put("aws.telemetry.topic", "factory/line-1/{id}/telemetry");
        DmSession session = connected(p);

        assertThat(sent(session, DmMessage.of("42")).status()).isZero();
        assertThat(cloudMessages(thing).get(0).getAsJsonObject().get("topic").getAsString())
                .isEqualTo("factory/line-1/tel-topic/telemetry");
    }

    @Test
    public void messageOverAwsLimitIsRefused413AndNothingIsSent() throws Exception {
        Thing thing = registerThing("tel-big");
        DmSession session = connected(sessionProperties("big", thing));

        DmResult tooLarge = sent(session, DmMessage.of("x".repeat(128 * 1024 + 1)));
        assertThat(tooLarge.status()).isEqualTo(DmResult.TOO_LARGE);
        assertThat(tooLarge.detail()).contains("131072");
        DmResult fits = sent(session, DmMessage.of("x".repeat(128 * 1024)));
        assertThat(fits.status()).as(fits.detail()).isZero();
        assertThat(cloudMessages(thing)).hasSize(1);
    }

    @Test
    public void burstIsPacedToAHundredPublishesPerSecondOnOneConnection() throws Exception {
        Thing thing = registerThing("tel-burst");
        Map<String, Object> p = sessionProperties("burst", thing);
        p.put(SessionConfig.INFLIGHT_MAX.id(), 100);
        DmSession session = connected(p);

        int count = 250;
        long start = System.nanoTime();
        List<CompletableFuture<DmResult>> results = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            results.add(session.sendMessage(DmMessage.of("{\"n\":" + i + "}")).toCompletableFuture());
        }
        for (CompletableFuture<DmResult> r : results) {
            assertThat(r.get(30, TimeUnit.SECONDS).status()).isZero();
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        // 250 publishes need at least two further windows after the first hundred.
        assertThat(millis).as("paced, not sent at once").isGreaterThanOrEqualTo(1_500);
        Await.until("all recorded", WAIT, () -> cloudMessages(thing).size() == count);
        List<Instant> received = new ArrayList<>();
        for (JsonElement m : cloudMessages(thing)) {
            received.add(Instant.parse(m.getAsJsonObject().get("time").getAsString()));
        }
        for (int i = 0; i + 100 < received.size(); i++) {
            // Message i+100 left at least a second after message i; arrival may jitter a little.
            assertThat(Duration.between(received.get(i), received.get(i + 100)))
                    .as("messages %d and %d", i, i + 100).isGreaterThan(Duration.ofMillis(900));
        }
        assertThat(cloudConnects(thing)).as("never disconnected for publishing too fast").isEqualTo(1);
    }
}
