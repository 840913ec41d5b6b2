package io.dmkit.core.internal.twin;

import com.google.gson.JsonObject;
import io.dmkit.api.DmResult;
import io.dmkit.api.TwinUpdate;
import io.dmkit.core.internal.connection.Link;
import io.dmkit.core.internal.execution.Backoff;
import io.dmkit.core.internal.execution.Failures;
import io.dmkit.core.internal.execution.Timeouts;
import io.dmkit.wire.json.StrictJson;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a session's twin in step with the service, on the session's control lane: on every
 * connection it fetches the whole twin (the transport subscribed to desired patches before),
 * delivers it as COMPLETE, then delivers patches newer than it in version order. Patches that
 * arrive during the fetch are held back; patches not newer than the last delivered version are
 * dropped. A fetch the service throttles (429), fails (5xx) or does not answer (408) is retried
 * with backoff for as long as the connection lasts.
 */
public final class TwinSync {

    private static final Logger LOG = LoggerFactory.getLogger(TwinSync.class);

    private final String session;
    private final DeliveredTwin twin;
    private final Executor control;
    private final ScheduledExecutorService scheduler;
    private final Duration operationTimeout;
    private final Backoff backoff;
    private final Consumer<TwinUpdate> deliver;

    private Link link;
    private boolean fetching;
    private final TreeMap<Long, JsonObject> heldBack = new TreeMap<>();
    private long delivered = -1;

    public TwinSync(String session, DeliveredTwin twin, Executor control, ScheduledExecutorService scheduler,
            Duration operationTimeout, Backoff backoff, Consumer<TwinUpdate> deliver) {
        this.session = session;
        this.twin = twin;
        this.control = control;
        this.scheduler = scheduler;
        this.operationTimeout = operationTimeout;
        this.backoff = backoff;
        this.deliver = deliver;
    }

    /** A connection was established: fetch the whole twin. */
    public void start(Link link) {
        this.link = link;
        this.fetching = true;
        heldBack.clear();
        fetch(link, 0);
    }

    private void fetch(Link link, int failures) {
        Timeouts.within(link.transport.requestTwin(), operationTimeout, scheduler, () -> null)
                .whenComplete((json, error) -> control.execute(() -> fetched(link, failures, json, error)));
    }

    private void fetched(Link fetchLink, int failures, String json, Throwable error) {
        if (fetchLink != link || !fetchLink.isOpen()) {
            return; // the connection this fetch belonged to is gone; the next one fetches again
        }
        int status = json != null ? 0 : error == null ? DmResult.TIMEOUT : Failures.status(error);
        if (status != 0) {
            if (Failures.isRetryable(status)) {
                LOG.warn("{}: fetching the twin failed with {} ({}); retrying", session, status,
                        Failures.describe(error));
                retry(fetchLink, failures);
            } else {
                LOG.error("{}: the service refused the twin fetch with {} ({}); no COMPLETE "
                        + "twin until the next connection", session, status, Failures.describe(error));
                fetching = false;
            }
            return;
        }
        TwinUpdate complete;
        try {
            complete = twin.replace(json);
        } catch (IllegalArgumentException e) {
            LOG.error("{}: the service sent an unusable twin ({}); retrying the fetch", session, e.getMessage());
            retry(fetchLink, failures);
            return;
        }
        fetching = false;
        delivered = complete.version();
        deliver.accept(complete);
        for (Map.Entry<Long, JsonObject> patch : heldBack.entrySet()) {
            apply(patch.getValue(), patch.getKey());
        }
        heldBack.clear();
    }

    private void retry(Link fetchLink, int failures) {
        scheduler.schedule(() -> control.execute(() -> {
            if (fetchLink == link && fetchLink.isOpen()) {
                fetch(fetchLink, failures + 1);
            }
        }), backoff.delayMillis(failures), TimeUnit.MILLISECONDS);
    }

    /** A desired patch arrived (called on the control lane). */
    public void onPatch(String json, long version) {
        if (link == null || !link.isOpen()) {
            return;
        }
        JsonObject patch;
        try {
            patch = StrictJson.parseObject(json, StrictJson.MAX_DEPTH);
        } catch (IllegalArgumentException e) {
            LOG.warn("{}: dropping desired patch version {}: {}", session, version, e.getMessage());
            return;
        }
        patch.remove("$version");
        if (fetching) {
            heldBack.put(version, patch);
        } else {
            apply(patch, version);
        }
    }

    private void apply(JsonObject patch, long version) {
        if (version <= delivered) {
            LOG.debug("{}: dropping stale desired patch version {} (delivered {})", session, version, delivered);
            return;
        }
        if (!twin.isKnown()) {
            return;
        }
        delivered = version;
        deliver.accept(twin.applyDesired(patch, version));
    }

    /** The connection ended. */
    public void stop() {
        link = null;
        fetching = false;
        heldBack.clear();
    }
}
