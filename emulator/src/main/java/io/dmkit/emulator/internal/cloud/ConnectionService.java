package io.dmkit.emulator.internal.cloud;

import java.util.Optional;

/**
 * A cloud service on the device listeners that is not a device's dialect: its clients are not devices
 * of the registry, so it claims their CONNECTs itself (Azure's Device Provisioning Service claims the
 * user names {@code {idScope}/registrations/{registrationId}/api-version=…}). The broker extension asks
 * every service before it looks a client up in the registry, and hands a claimed connection's
 * subscriptions, publishes and end to the service that accepted it.
 *
 * <p>Threads: as for {@link CloudDialect}, the callbacks run on the broker's threads and must not block.
 */
public interface ConnectionService {

    /** A short name for the logs and the connection's attribute ({@code "dps"}). */
    String name();

    /** Whether this CONNECT is for this service (decided on what the client sent, before any check). */
    boolean claims(ConnectAttempt attempt);

    /** Checks a claimed CONNECT. Empty = accepted; {@link #connected} follows. */
    Optional<Refusal> authenticate(ConnectAttempt attempt);

    /** An accepted connection; {@code connection} tells it from a later one with the same client id. */
    void connected(String clientId, long connection, ConnectAttempt attempt);

    /** A connection reported by {@link #connected} ended (any cause). */
    void disconnected(String clientId, long connection);

    boolean maySubscribe(String clientId, String topicFilter);

    /** Whether the client may publish to {@code topic}; a refused publish is dropped and closes the connection. */
    boolean mayPublish(String clientId, String topic);

    /** A PUBLISH of the client; the service consumes it (the broker routes it nowhere). */
    void inbound(String clientId, long connection, InboundPublish publish);
}
