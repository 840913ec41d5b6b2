package io.dmkit.api.handler;

import io.dmkit.api.CommandRequest;
import io.dmkit.api.CommandResponse;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Answers commands (direct methods) from the device-management service: the seed's command
 * callback, which returns an {@code int} status (HTTP codes by convention) and a payload.
 *
 * <p>As a whiteboard service it names the commands it answers in {@value #COMMAND_NAME} (one
 * name or several) and may limit itself to one session with {@value #SESSION_NAME}; absent, it
 * serves every session. When several handlers match a command on a session, the one with the
 * highest {@code service.ranking} wins (then the lowest {@code service.id}); the others are
 * shadowed until it goes away.
 *
 * <p>dmkit sends exactly one reply per request:
 * <ul>
 * <li>the returned response, if it comes before the deadline;</li>
 * <li>500 with {@code {"error":"..."}} if the handler throws (no stack trace leaves the device);</li>
 * <li>504 if the deadline passes first; the handler thread is interrupted and a late answer is
 * dropped with a log line;</li>
 * <li>404 if no handler serves the command.</li>
 * </ul>
 * Handlers run on dmkit handler threads, never on a network thread; blocking is allowed until
 * the deadline ({@link CommandRequest#deadline()}).
 */
@ConsumerType
@FunctionalInterface
public interface CommandHandler {

    /** Service property: the command name(s) this handler answers ({@code String} or {@code String[]}). */
    String COMMAND_NAME = "dm.command.name";
    /** Service property: the session this handler is limited to; absent means every session. */
    String SESSION_NAME = "dm.session.name";

    /**
     * Handles one command.
     *
     * @return the reply; {@code null} is answered as 500
     * @throws Exception any failure, answered as 500
     */
    CommandResponse handle(CommandRequest request) throws Exception;
}
