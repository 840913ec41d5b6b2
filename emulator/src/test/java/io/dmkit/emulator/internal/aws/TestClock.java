package io.dmkit.emulator.internal.aws;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock the test moves by hand, so timestamps in shadow documents (and token expiries) are predictable. */
public final class TestClock extends Clock {

    private Instant now;

    public TestClock(long epochSecond) {
        this.now = Instant.ofEpochSecond(epochSecond);
    }

    public void advance(Duration duration) {
        now = now.plus(duration);
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("not needed by the tests");
    }
}
