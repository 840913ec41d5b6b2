package io.dmkit.emulator.thingspro;

import static org.assertj.core.api.Assertions.assertThat;

import io.dmkit.testing.Await;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Telemetry (spec §6): recorded with decoded properties, in order. */
class TelemetryTest extends ServiceTestBase {

    private List<ReceivedMessage> awaitMessages(String deviceId, int count) {
        return Await.value(count + " messages of " + deviceId, TIMEOUT, () -> {
            List<ReceivedMessage> messages = service.messages(deviceId);
            return messages.size() >= count ? messages : null;
        });
    }

    @Test
    void aMessageWithAPropertyBagIsRecordedWithItsPropertiesDecodedInOrder() throws Exception {
        TestDevice device = device("bag");
        Instant before = Instant.now();
        // zeta before alpha: order is the device's, not sorted; values hold every character the bag escapes
        device.publish("messages/zeta=%2Fa%2Bb%23c&alpha=x%3Dy%26z&empty=&unit=%C2%B0C&sp=a%20b", "{\"t\":21.5}");

        ReceivedMessage message = awaitMessages(device.id(), 1).get(0);
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("zeta", "/a+b#c");
        expected.put("alpha", "x=y&z");
        expected.put("empty", "");
        expected.put("unit", "°C");
        expected.put("sp", "a b");
        assertThat(message.isValid()).isTrue();
        assertThat(message.deviceId()).isEqualTo(device.id());
        assertThat(message.properties()).containsExactlyEntriesOf(expected);
        assertThat(message.payloadAsString()).isEqualTo("{\"t\":21.5}");
        assertThat(message.receivedAt()).isBetween(before, Instant.now());
    }

    @Test
    void aMessageWithoutPropertiesIsRecordedExactlyOnce() throws Exception {
        TestDevice device = device("plain");
        device.publish("messages", "first");
        device.publish("messages/k=v", "second");
        List<ReceivedMessage> messages = awaitMessages(device.id(), 2);
        // The second arrived after the first, so a duplicate of the first would be here by now.
        assertThat(service.messages(device.id())).extracting(ReceivedMessage::payloadAsString)
                .containsExactly("first", "second");
        assertThat(messages.get(0).properties()).isEmpty();
    }

    @Test
    void aMessageWithAnUndecodableBagIsRecordedAsInvalidAndTheConnectionStays() throws Exception {
        TestDevice device = device("badbag");
        device.publish("messages/a=1&a=2", "dup");
        device.publish("messages/a=%ZZ", "escape");
        device.publish("messages/a=1/b=2", "levels");
        device.publish("messages/ok=1", "fine");
        List<ReceivedMessage> messages = awaitMessages(device.id(), 4);
        assertThat(messages).extracting(ReceivedMessage::isValid).containsExactly(false, false, false, true);
        assertThat(messages.get(0).problem()).hasValueSatisfying(p -> assertThat(p).contains("repeats the key"));
        assertThat(messages.get(1).problem()).hasValueSatisfying(p -> assertThat(p).contains("percent escape"));
        assertThat(messages.get(2).problem()).hasValueSatisfying(p -> assertThat(p).contains("shape"));
        assertThat(messages.get(0).payloadAsString()).isEqualTo("dup");
        assertThat(messages.get(0).properties()).isEmpty();
        assertThat(service.isConnected()).isTrue();
    }

    @Test
    void messageListenerGetsEachMessageOnAServiceThread() throws Exception {
        BlockingQueue<ReceivedMessage> seen = new LinkedBlockingQueue<>();
        BlockingQueue<String> threads = new LinkedBlockingQueue<>();
        ListenerRegistration registration = service.onMessage(m -> {
            threads.add(Thread.currentThread().getName());
            seen.add(m);
        });
        try {
            TestDevice device = device("listener");
            device.publish("messages/n=1", "a");
            device.publish("messages/n=2", "b");
            ReceivedMessage first = seen.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            ReceivedMessage second = seen.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(first).isNotNull();
            assertThat(second).isNotNull();
            assertThat(List.of(first.properties().get("n"), second.properties().get("n"))).containsExactly("1", "2");
            assertThat(threads).allSatisfy(t -> assertThat(t).startsWith("dmkit-service-"));
        } finally {
            registration.close();
        }
    }

    @Test
    void aListenerThatThrowsOrBlocksDoesNotStopRecording() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        ListenerRegistration blocking = service.onMessage(m -> {
            try {
                release.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("listener bug");
        });
        try {
            TestDevice device = device("robust");
            device.publish("messages", "1");
            device.publish("messages", "2");
            assertThat(awaitMessages(device.id(), 2)).hasSize(2);
            // The broker connection is not held up by the blocked listener: twin requests still work.
            assertThat(device.twinGet("g").status()).isEqualTo(200);
            release.countDown();
        } finally {
            blocking.close();
        }
    }

    @Test
    void historyKeepsTheNewestMessagesUpToTheLimit() throws Exception {
        try (ThingsProService small = ThingsProService.connect(options().messageHistoryPerDevice(2).build())) {
            TestDevice device = device("history");
            device.publish("messages", "1");
            device.publish("messages", "2");
            device.publish("messages", "3");
            Await.until("message 3 recorded", TIMEOUT, () -> small.messages(device.id()).stream()
                    .anyMatch(m -> m.payloadAsString().equals("3")));
            assertThat(small.messages(device.id())).extracting(ReceivedMessage::payloadAsString)
                    .containsExactly("2", "3");
        }
    }
}
