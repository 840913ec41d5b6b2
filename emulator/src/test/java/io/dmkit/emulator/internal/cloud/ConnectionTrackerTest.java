package io.dmkit.emulator.internal.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ConnectionTrackerTest {

    private final ConnectionTracker tracker = new ConnectionTracker(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));

    @Test
    void deviceStaysConnectedWhileAnyOfItsConnectionsLastsEvenWhenATakeoverEndsLate() {
        tracker.connected("d", 1, "d");
        tracker.connected("d", 2, "d"); // the same client id again, before the broker reports the end of 1
        assertThat(tracker.disconnected("d", 1)).isTrue();
        assertThat(tracker.isConnected("d")).isTrue();
        assertThat(tracker.disconnected("d", 2)).isTrue();
        assertThat(tracker.isConnected("d")).isFalse();
        assertThat(tracker.info("d").connects()).isEqualTo(2);
    }

    @Test
    void endOfAnUnknownOrAlreadyEndedConnectionIsIgnored() {
        assertThat(tracker.disconnected("d", 7)).isFalse();
        tracker.connected("d", 1, "c");
        assertThat(tracker.disconnected("d", 1)).isTrue();
        assertThat(tracker.disconnected("d", 1)).isFalse();
    }

    @Test
    void clientIdsAreThoseOfTheOpenConnections() {
        tracker.connected("thing", 1, "a");
        tracker.connected("thing", 2, "b");
        tracker.connected("thing", 3, "b");
        assertThat(tracker.clientIds("thing")).containsExactlyInAnyOrder("a", "b");
        tracker.disconnected("thing", 1);
        assertThat(tracker.clientIds("thing")).containsExactly("b");
    }

    @Test
    void refusalLastsUntilItsEnd() {
        tracker.refuseUntil("d", Instant.EPOCH.plusSeconds(1));
        assertThat(tracker.refusesNow("d")).isTrue();
        tracker.refuseUntil("d", Instant.EPOCH);
        assertThat(tracker.refusesNow("d")).isFalse();
    }
}
