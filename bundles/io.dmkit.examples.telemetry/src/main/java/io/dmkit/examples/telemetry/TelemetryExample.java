package io.dmkit.examples.telemetry;

import io.dmkit.api.DmSession;
import io.dmkit.api.TwinUpdate;
import io.dmkit.api.handler.TwinListener;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a reading to every session at the interval the cloud asks for: a twin listener applies the
 * desired {@code telemetryIntervalSeconds} (default {@value #DEFAULT_SECONDS} s) and reports the value
 * in use back, so the cloud sees it took effect. A session starts sending with its first (COMPLETE)
 * twin, which every session receives when it connects.
 *
 * <p>The listener runs on a dmkit event thread and only reschedules; the readings go out from this
 * component's own timer thread, which ends when the component is deactivated.
 */
@Component(service = TwinListener.class)
public final class TelemetryExample implements TwinListener {

    static final int DEFAULT_SECONDS = 10;
    private static final Logger LOG = LoggerFactory.getLogger(TelemetryExample.class);

    private final Map<String, ScheduledFuture<?>> schedules = new ConcurrentHashMap<>();
    private final Map<String, Integer> intervals = new ConcurrentHashMap<>();
    private final Clock clock = Clock.systemUTC();
    private ScheduledExecutorService timer;

    @Activate
    void activate() {
        timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "dmkit-example-telemetry");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
        schedules.clear();
    }

    @Override
    public void twinUpdated(DmSession session, TwinUpdate update) {
        DesiredInterval.Result desired = DesiredInterval.from(update);
        Integer current = intervals.get(session.name());
        int seconds;
        if (desired instanceof DesiredInterval.Result.Valid valid) {
            seconds = valid.seconds();
        } else {
            if (desired instanceof DesiredInterval.Result.Invalid invalid) {
                LOG.warn("session {}: ignoring desired {}={}: a whole number of seconds from {} "
                        + "to {} is needed", session.name(), DesiredInterval.PROPERTY, invalid.value(),
                        DesiredInterval.MIN_SECONDS, DesiredInterval.MAX_SECONDS);
            }
            if (current != null) {
                return;
            }
            seconds = DEFAULT_SECONDS;
        }
        if (!Integer.valueOf(seconds).equals(current)) {
            schedule(session, seconds);
        }
        session.sendReported("{\"" + DesiredInterval.PROPERTY + "\":" + seconds + "}");
    }

    private void schedule(DmSession session, int seconds) {
        intervals.put(session.name(), seconds);
        ScheduledFuture<?> previous = schedules.put(session.name(),
                timer.scheduleAtFixedRate(() -> send(session), 0, seconds, TimeUnit.SECONDS));
        if (previous != null) {
            previous.cancel(false);
        }
        LOG.info("session {}: sending a reading every {} s", session.name(), seconds);
    }

    private void send(DmSession session) {
        if (session.state().isConnected()) {
            session.sendMessage(Reading.next(clock)).whenComplete((result, failure) -> {
                if (failure != null || !result.isAccepted()) {
                    LOG.debug("session {}: a reading was not accepted: {}", session.name(),
                            failure != null ? failure.toString() : result.toString());
                }
            });
        }
    }
}
