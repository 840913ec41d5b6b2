package io.dmkit.core.internal.twin;

import com.google.gson.JsonObject;
import io.dmkit.api.DmResult;
import io.dmkit.core.internal.connection.Link;
import io.dmkit.core.internal.execution.Backoff;
import io.dmkit.core.internal.execution.Failures;
import io.dmkit.core.internal.execution.Timeouts;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends reported patches on the live connection. A patch the service throttles (429) or fails
 * (5xx) is sent again with backoff, as long as the connection lasts and the operation timeout
 * has not passed; the accepted patch is merged into the session's twin with the new version.
 * Confined to the session's control lane.
 */
public final class ReportedSender {

    private static final Logger LOG = LoggerFactory.getLogger(ReportedSender.class);

    private final String session;
    private final DeliveredTwin twin;
    private final Executor control;
    private final ScheduledExecutorService scheduler;
    private final Duration timeout;
    private final Backoff backoff;
    private final Runnable twinChanged;

    public ReportedSender(String session, DeliveredTwin twin, Executor control, ScheduledExecutorService scheduler,
            Duration timeout, Backoff backoff, Runnable twinChanged) {
        this.session = session;
        this.twin = twin;
        this.control = control;
        this.scheduler = scheduler;
        this.timeout = timeout;
        this.backoff = backoff;
        this.twinChanged = twinChanged;
    }

    public void send(Link link, JsonObject patch, byte[] json, CompletableFuture<DmResult> result) {
        attempt(link, patch, json, 0, System.nanoTime() + timeout.toNanos(), result);
    }

    private void attempt(Link link, JsonObject patch, byte[] json, int failures, long deadline,
            CompletableFuture<DmResult> result) {
        long remaining = Math.max(1, deadline - System.nanoTime());
        Timeouts.within(link.transport.sendReported(json), Duration.ofNanos(remaining), scheduler,
                () -> DmResult.of(DmResult.TIMEOUT, "no answer from the service within " + timeout.toMillis() + " ms"))
                .whenComplete((r, e) -> control.execute(() -> {
                    DmResult outcome = r != null ? r : DmResult.of(Failures.status(e), Failures.describe(e));
                    if (outcome.isAccepted()) {
                        twin.applyReported(patch, outcome.version().orElse(-1));
                        twinChanged.run();
                        result.complete(outcome);
                        return;
                    }
                    long delay = TimeUnit.MILLISECONDS.toNanos(backoff.delayMillis(failures));
                    boolean retry = outcome.status() != DmResult.TIMEOUT && Failures.isRetryable(outcome.status())
                            && link.isOpen() && System.nanoTime() + delay < deadline;
                    if (!retry) {
                        result.complete(outcome);
                        return;
                    }
                    LOG.info("{}: reported patch answered {} ({}); sending it again", session, outcome.status(),
                            outcome.detail());
                    scheduler.schedule(() -> control.execute(() -> attempt(link, patch, json, failures + 1, deadline,
                            result)), delay, TimeUnit.NANOSECONDS);
                }));
    }
}
