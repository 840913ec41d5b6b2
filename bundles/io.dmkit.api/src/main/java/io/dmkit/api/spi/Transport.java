package io.dmkit.api.spi;

import io.dmkit.api.CommandResponse;
import io.dmkit.api.DmMessage;
import io.dmkit.api.DmResult;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * One session's wire protocol. The core calls these methods from its own threads, one
 * connection at a time: {@link #connect()} only while not connected, everything else only
 * between a successful connect and the loss or closing of that connection.
 *
 * <p>No method blocks on the network; results arrive through the returned stages, which fail
 * with {@link TransportException}. Stages may complete on network threads: the core hands off.
 *
 * <p>The core logs {@link Object#toString()} (when the session connects): say where the transport
 * connects and how, never a key, token or password.
 */
@ConsumerType
public interface Transport {

    /**
     * Opens the connection and subscribes to everything the session receives (desired patches
     * first). Completes when the session can send and receive; fails with a
     * {@link TransportException} whose reason says why.
     *
     * <p>A call to {@code connect()} or {@link #disconnect()} supersedes an attempt still in
     * progress: the transport abandons it (failing or never completing its stage) and closes
     * whatever it opened, because the core has stopped waiting for it.
     */
    CompletionStage<Void> connect();

    /** Closes the connection cleanly (for example publishing an offline status first). */
    CompletionStage<Void> disconnect();

    /**
     * Fetches the whole twin.
     *
     * @return the twin in the Azure shape:
     *         {@code {"desired":{...,"$version":n},"reported":{...,"$version":m}}}
     */
    CompletionStage<String> requestTwin();

    /**
     * Sends a reported-properties patch.
     *
     * @return status 0 with the new reported version, or the service's status
     */
    CompletionStage<DmResult> sendReported(byte[] json);

    /**
     * Publishes a telemetry message; completes when the service acknowledged it.
     *
     * @return status 0, or the service's status for a message it refused; fails with a
     *         {@link TransportException} when the connection dropped before the acknowledgement
     */
    CompletionStage<DmResult> publish(DmMessage message);

    /** Sends the reply to a command received on the current connection. */
    CompletionStage<Void> sendCommandResponse(String requestId, CommandResponse response);

    /** The largest message (payload plus properties) the service accepts, in bytes. */
    int maxMessageBytes();

    /** Releases every thread and socket at once, without waiting. Idempotent; never throws. */
    void close();
}
