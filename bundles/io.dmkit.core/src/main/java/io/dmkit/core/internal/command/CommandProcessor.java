package io.dmkit.core.internal.command;

import io.dmkit.api.CommandRequest;
import io.dmkit.api.CommandResponse;
import io.dmkit.api.DmSession;
import io.dmkit.api.handler.CommandHandler;
import io.dmkit.core.internal.connection.Link;
import io.dmkit.core.internal.execution.CoreExecutors;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the session's command handler for each incoming command and guarantees exactly one reply
 * per request: the handler's answer, 500 if it threw, 504 if the deadline passed first (the
 * handler is then interrupted and its late answer dropped), 404 without a handler, 503 when all
 * handler threads and their queue are busy.
 */
public final class CommandProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(CommandProcessor.class);

    /** Sends a reply on the connection the request came from (or drops it if that is gone). */
    public interface ReplySender {
        void reply(Link link, String requestId, String command, CommandResponse response);
    }

    private final DmSession session;
    private final Supplier<CommandHandler> handler;
    private final ExecutorService handlers;
    private final ScheduledExecutorService scheduler;
    private final Duration defaultTimeout;
    private final ReplySender sender;

    public CommandProcessor(DmSession session, Supplier<CommandHandler> handler, ExecutorService handlers,
            ScheduledExecutorService scheduler, Duration defaultTimeout, ReplySender sender) {
        this.session = session;
        this.handler = handler;
        this.handlers = handlers;
        this.scheduler = scheduler;
        this.defaultTimeout = defaultTimeout;
        this.sender = sender;
    }

    /** Handles one command that arrived on {@code link}. Never blocks. */
    public void accept(Link link, String requestId, String name, byte[] payload, Duration serviceTimeout) {
        Duration timeout = serviceTimeout != null && serviceTimeout.compareTo(defaultTimeout) < 0 ? serviceTimeout
                : defaultTimeout;
        CommandHandler h = handler.get();
        if (h == null) {
            LOG.info("{}: no handler for command '{}' (request {}); answering 404", session.name(), name, requestId);
            sender.reply(link, requestId, name, CommandResponse.error(404, "unknown command: " + name));
            return;
        }
        CommandRequest request = new CommandRequest(session, name, requestId, payload, Instant.now().plus(timeout));
        new Invocation(link, request, h, timeout).start();
    }

    /** One command from arrival to its single reply. */
    private final class Invocation {
        private final Link link;
        private final CommandRequest request;
        private final CommandHandler handler;
        private final Duration timeout;
        private final AtomicBoolean answered = new AtomicBoolean();
        private volatile Future<?> running;
        private volatile ScheduledFuture<?> deadline;

        Invocation(Link link, CommandRequest request, CommandHandler handler, Duration timeout) {
            this.link = link;
            this.request = request;
            this.handler = handler;
            this.timeout = timeout;
        }

        void start() {
            deadline = scheduler.schedule(this::deadlinePassed, timeout.toMillis(), TimeUnit.MILLISECONDS);
            try {
                running = handlers.submit(this::run);
            } catch (RejectedExecutionException e) {
                LOG.warn("{}: command '{}' (request {}) refused: all {} handler "
                        + "threads are busy and {} commands are waiting; answering 503", session.name(), request.name(),
                        request.requestId(), CoreExecutors.MAX_HANDLER_THREADS, CoreExecutors.HANDLER_QUEUE);
                answer(CommandResponse.error(503, "device busy: too many commands in progress"));
            }
        }

        private void run() {
            if (answered.get()) {
                return; // the deadline passed while the command waited for a thread
            }
            CommandResponse response;
            try {
                response = handler.handle(request);
                if (response == null) {
                    LOG.warn("{}: handler {} returned null for command '{}' "
                            + "(request {}); answering 500", session.name(), handler, request.name(),
                            request.requestId());
                    response = CommandResponse.error(500, "command handler returned no response");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                if (answered.get()) {
                    return; // interrupted because the deadline passed; 504 has been sent
                }
                response = failed(e);
            } catch (Exception | LinkageError | AssertionError | StackOverflowError e) {
                response = failed(e);
            }
            if (!answer(response)) {
                LOG.warn("{}: command '{}' (request {}) answered {} after its {} ms "
                        + "deadline; the late answer is dropped (504 was sent)", session.name(), request.name(),
                        request.requestId(), response.status(), timeout.toMillis());
            }
        }

        private CommandResponse failed(Throwable e) {
            LOG.warn("{}: handler {} failed on command '{}' (request {}); answering 500", session.name(), handler,
                    request.name(), request.requestId(), e);
            return CommandResponse.error(500, "command handler failed");
        }

        private void deadlinePassed() {
            if (answer(CommandResponse.error(504, "no answer within " + timeout.toMillis() + " ms"))) {
                LOG.warn("{}: command '{}' (request {}) got no answer within {} ms; "
                        + "answered 504 and interrupting the handler", session.name(), request.name(),
                        request.requestId(), timeout.toMillis());
                Future<?> f = running;
                if (f != null) {
                    f.cancel(true);
                }
            }
        }

        /** Sends the reply if none was sent yet; returns whether this call sent it. */
        private boolean answer(CommandResponse response) {
            if (!answered.compareAndSet(false, true)) {
                return false;
            }
            ScheduledFuture<?> d = deadline;
            if (d != null) {
                d.cancel(false);
            }
            sender.reply(link, request.requestId(), request.name(), response);
            return true;
        }
    }
}
