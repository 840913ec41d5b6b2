package io.dmkit.api;

import io.dmkit.api.handler.CommandHandler;
import io.dmkit.api.handler.ConnectionListener;
import io.dmkit.api.handler.TwinListener;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/**
 * One session: a connection to one device-management service for one device (the seed's
 * {@code DMSession}).
 *
 * <h2>Connection</h2>
 * {@link #connect()} returns at once; the outcome arrives through connection listeners and
 * {@link #state()}. Once asked to connect, a session stays connected: after every failed attempt
 * or lost connection it retries with exponential backoff and jitter, forever, until
 * {@link #disconnect()} or removal. Every change of state carries a {@link ConnectionReason}.
 *
 * <p>A session configured for zero-touch provisioning (a provisioning service's options instead of
 * a host or device id) first asks that service for its identity (reason
 * {@link ConnectionReason#PROVISIONING}), keeps what it was given in the data directory and
 * connects with it; it asks again only when the service refuses that identity or on
 * {@link #reprovision()}. See {@link #provisioned()}.
 *
 * <h2>Twin</h2>
 * After every (re)connect the session subscribes to desired-property patches, fetches the whole
 * twin, delivers it as {@link TwinUpdate.Kind#COMPLETE}, then delivers patches in version order as
 * {@link TwinUpdate.Kind#PARTIAL}, dropping any patch whose version is not newer than what was
 * delivered. {@link #twin()} is the twin as of the last delivered update.
 *
 * <h2>Messages</h2>
 * {@link #sendMessage(DmMessage)} is at-least-once for every message it accepts into its queue:
 * a message leaves the queue only when the service acknowledged it; if the connection drops
 * before the acknowledgement, the message is sent again after reconnecting (so the service may
 * see it twice). Messages are sent in the order they were accepted. The queue is bounded
 * ({@link SessionConfig#queueCapacity()}, {@link SessionConfig#queueMaxBytes()}); when it is
 * full, {@link SessionConfig#queueOverflow()} decides: the new message completes at once with
 * {@value DmResult#QUEUE_FULL}, or the oldest unsent message is dropped and completes with
 * {@value DmResult#QUEUE_FULL}.
 *
 * <p>With a persistent outbox ({@link SessionConfig.Outbox#PERSISTENT}, the default where dmkit
 * has a data directory) a message is written to disk before {@code sendMessage} returns, and
 * queued messages survive the end of the session and of the process, including a crash: they
 * are sent when a session of the same name starts again (their original futures are gone by
 * then). Messages queued when the session is removed complete with
 * {@value DmResult#NOT_CONNECTED} and, with a persistent outbox, stay queued on disk. With an
 * in-memory outbox they are lost with the process.
 *
 * <h2>Live operations</h2>
 * Reported patches and command replies are never queued: while disconnected they fail at once
 * with {@value DmResult#NOT_CONNECTED}. A reported patch the service throttles (429) or fails
 * with a 5xx code is retried with backoff within the operation timeout.
 */
@ProviderType
public interface DmSession {

    /** Service property: the session's name. */
    String SESSION_NAME = "dm.session.name";
    /** Service property: the session's cloud type. */
    String CLOUD_TYPE = "dm.cloud.type";
    /** Service property: present when the session's configuration is unusable; says why. */
    String SESSION_ERROR = "dm.session.error";

    /** The largest reported patch, in bytes of UTF-8: the seed's limit (and AWS's shadow limit). */
    int MAX_REPORTED_BYTES = 8192;

    /** The unique name of this session. */
    String name();

    /** The configuration the session was created with. */
    SessionConfig config();

    /** The current connection state. */
    ConnectionState state();

    /**
     * The identity a provisioning service gave this session: the service, what it assigned and the
     * payload it returned. Empty when the session is not provisioned by a service, or not yet.
     */
    Optional<ProvisionedIdentity> provisioned();

    /**
     * Forgets the provisioned identity and asks the provisioning service again: the session drops
     * its connection, provisions and connects with what it is given. Returns at once; the state
     * shows the progress. A session that is not connecting (disconnected on request) provisions at
     * its next {@link #connect()}.
     *
     * @throws IllegalStateException if the session is not provisioned by a provisioning service
     */
    void reprovision();

    /**
     * Starts connecting, and keeps the session connected until {@link #disconnect()}. Returns at
     * once; does nothing when already connected or connecting.
     */
    void connect();

    /**
     * Disconnects cleanly and stops reconnecting. Queued messages stay queued for the next
     * {@link #connect()}.
     *
     * @return completes when the connection is closed
     */
    CompletionStage<Void> disconnect();

    /**
     * Sends a telemetry message (the seed's {@code dmdevice_sendMessage}). With a persistent
     * outbox the message is on disk when this method returns (it may block for that write).
     *
     * @return completes with status 0 when the service acknowledged the message, or with the
     *         reason it was not accepted: {@value DmResult#TOO_LARGE} when it exceeds the
     *         transport's limit, {@value DmResult#QUEUE_FULL} when the queue is full (or the
     *         message was dropped for a newer one), {@value DmResult#NOT_CONNECTED} when the
     *         session was removed or its outbox cannot be written. Never completes exceptionally.
     */
    CompletionStage<DmResult> sendMessage(DmMessage message);

    /** The message queue's figures now: queued, in flight, sent, dropped, the oldest's age. */
    MessageStats messageStats();

    /**
     * Sends a reported-properties patch (the seed's {@code dmdevice_sendReported}).
     *
     * @param json a JSON object; a member set to {@code null} deletes that reported property
     * @return completes with status 0 and the new reported version when the service accepted it,
     *         otherwise with the service's code, {@value DmResult#TIMEOUT} or
     *         {@value DmResult#NOT_CONNECTED}. Never completes exceptionally.
     * @throws PayloadTooLargeException if the patch is over {@value #MAX_REPORTED_BYTES} bytes;
     *         nothing is sent
     * @throws IllegalArgumentException if the patch is not a JSON object; nothing is sent
     */
    CompletionStage<DmResult> sendReported(String json);

    /** The twin as of the last delivered update, as a COMPLETE document; empty before the first fetch. */
    Optional<TwinUpdate> twin();

    /**
     * Adds a connection listener to this session. It is told the current state at once, then
     * every change.
     */
    Registration addConnectionListener(ConnectionListener listener);

    /**
     * Adds a twin listener to this session. If a twin is known, the listener receives it at once
     * as a COMPLETE update, then every later update.
     */
    Registration addTwinListener(TwinListener listener);

    /**
     * Sets the handler of all commands on this session (the seed's {@code set_command_callback}).
     * In OSGi the dispatcher sets it and routes to whiteboard {@link CommandHandler} services;
     * applications there register those instead of calling this.
     *
     * <p>Without a handler every command is answered 404.
     *
     * @throws IllegalStateException if a handler is already set; close its registration first
     */
    Registration setCommandHandler(CommandHandler handler);
}
