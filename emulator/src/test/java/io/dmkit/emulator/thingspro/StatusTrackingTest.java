package io.dmkit.emulator.thingspro;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Device status from the retained status topic (spec §2). */
class StatusTrackingTest extends ServiceTestBase {

    @Test
    void aDeviceIsOnlineOnceItPublishesItsRetainedOnlineStatus() throws Exception {
        TestDevice device = device("on");
        assertThat(service.isOnline(device.id())).isFalse();
        assertThat(service.status(device.id())).isEmpty();
        device.online();
        assertThat(service.awaitOnline(device.id(), TIMEOUT)).isTrue();
        assertThat(service.isOnline(device.id())).isTrue();
        assertThat(service.status(device.id())).hasValueSatisfying(s -> assertThat(s.protocol()).hasValue(1));
    }

    @Test
    void aServiceStartedLaterLearnsTheStatusFromTheRetainedMessage() throws Exception {
        TestDevice device = device("early").online();
        try (ThingsProService late = ThingsProService.connect(options().build())) {
            assertThat(late.awaitOnline(device.id(), TIMEOUT)).isTrue();
        }
    }

    @Test
    void theWillMarksADeviceOfflineWhenItsConnectionDrops() throws Exception {
        TestDevice device = onlineDevice("crash");
        device.dropConnection();
        assertThat(service.awaitOffline(device.id(), TIMEOUT)).isTrue();
        assertThat(service.isOnline(device.id())).isFalse();
        assertThat(service.status(device.id())).hasValueSatisfying(
                s -> assertThat(s.reason()).hasValue("connection-lost"));
    }

    @Test
    void statusListenerSeesOnlineThenOfflineInOrderOnAServiceThread() throws Exception {
        BlockingQueue<DeviceStatus> seen = new LinkedBlockingQueue<>();
        BlockingQueue<String> threads = new LinkedBlockingQueue<>();
        TestDevice device = device("listen");
        // The service also replays the retained statuses of earlier tests' devices: watch this one.
        ListenerRegistration registration = service.onStatusChange(s -> {
            if (s.deviceId().equals(device.id())) {
                threads.add(Thread.currentThread().getName());
                seen.add(s);
            }
        });
        try {
            device.online();
            device.publish("status", "{\"state\":\"offline\",\"reason\":\"disconnected\"}");
            DeviceStatus first = seen.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            DeviceStatus second = seen.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(first).isNotNull();
            assertThat(first.isOnline()).isTrue();
            assertThat(second).isNotNull();
            assertThat(second.isOnline()).isFalse();
            assertThat(second.reason()).hasValue("disconnected");
            assertThat(threads).allSatisfy(t -> assertThat(t).startsWith("dmkit-service-").doesNotStartWith("MQTT"));
        } finally {
            registration.close();
        }
    }

    @Test
    void aClosedRegistrationGetsNoFurtherEvents() throws Exception {
        BlockingQueue<DeviceStatus> removed = new LinkedBlockingQueue<>();
        BlockingQueue<DeviceStatus> kept = new LinkedBlockingQueue<>();
        TestDevice device = device("quiet");
        ListenerRegistration registration = service.onStatusChange(removed::add);
        ListenerRegistration control = service.onStatusChange(s -> {
            if (s.deviceId().equals(device.id())) {
                kept.add(s);
            }
        });
        try {
            registration.close();
            device.online();
            // Events reach listeners in order on one thread: once the control listener has this
            // one, the removed listener would have had it (or anything before it) too.
            assertThat(kept.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isNotNull();
            assertThat(removed).isEmpty();
        } finally {
            control.close();
        }
    }

    @Test
    void anInvalidStatusPayloadCountsAsOfflineWithTheReason() throws Exception {
        TestDevice device = onlineDevice("garbage");
        device.publish("status", "not json");
        assertThat(service.awaitOffline(device.id(), TIMEOUT)).isTrue();
        assertThat(service.status(device.id()).orElseThrow().reason()).hasValueSatisfying(
                r -> assertThat(r).startsWith("invalid status"));

        device.online();
        assertThat(service.awaitOnline(device.id(), TIMEOUT)).isTrue();
        device.publish("status", "{\"state\":\"sleeping\"}");
        assertThat(service.awaitOffline(device.id(), TIMEOUT)).isTrue();
    }

    @Test
    void clearingTheRetainedStatusCountsAsOffline() throws Exception {
        TestDevice device = onlineDevice("cleared");
        device.publishRetained("status", new byte[0]);
        assertThat(service.awaitOffline(device.id(), TIMEOUT)).isTrue();
        assertThat(service.status(device.id()).orElseThrow().reason()).hasValueSatisfying(
                r -> assertThat(r).contains("cleared"));
    }

    @Test
    void awaitOnlineGivesUpAfterTheTimeout() throws Exception {
        long start = System.nanoTime();
        assertThat(service.awaitOnline("nobody", java.time.Duration.ofMillis(200))).isFalse();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(200);
    }
}
