package io.dmkit.emulator.internal.broker;

import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.SubscriptionAuthorizer;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerInput;
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerOutput;
import com.hivemq.extension.sdk.api.client.parameter.ClientTlsInformation;
import com.hivemq.extension.sdk.api.client.parameter.ConnectionInformation;
import com.hivemq.extension.sdk.api.client.parameter.Listener;
import com.hivemq.extension.sdk.api.client.parameter.ListenerType;
import com.hivemq.extension.sdk.api.events.client.ClientLifecycleEventListener;
import com.hivemq.extension.sdk.api.events.client.parameters.AuthenticationFailedInput;
import com.hivemq.extension.sdk.api.events.client.parameters.AuthenticationSuccessfulInput;
import com.hivemq.extension.sdk.api.events.client.parameters.ConnectionStartInput;
import com.hivemq.extension.sdk.api.events.client.parameters.DisconnectEventInput;
import com.hivemq.extension.sdk.api.interceptor.publish.PublishInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundOutput;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.packets.connect.ConnectPacket;
import com.hivemq.extension.sdk.api.packets.general.MqttVersion;
import com.hivemq.extension.sdk.api.packets.publish.PublishPacket;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import io.dmkit.emulator.Device;
import io.dmkit.emulator.internal.cloud.ClaimConnections;
import io.dmkit.emulator.internal.cloud.CloudDialect;
import io.dmkit.emulator.internal.cloud.ConnectAttempt;
import io.dmkit.emulator.internal.cloud.ConnectionService;
import io.dmkit.emulator.internal.cloud.ConnectionTracker;
import io.dmkit.emulator.internal.cloud.InboundPublish;
import io.dmkit.emulator.internal.cloud.Refusal;
import io.dmkit.emulator.internal.registry.DeviceRegistry;
import java.nio.ByteBuffer;
import java.security.cert.X509Certificate;
import java.util.AbstractMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker extension that plays the cloud: it authenticates every device connection against the
 * registry and the device's dialect, confines what a device may subscribe and publish, hands device
 * publishes to the dialect, and reports connections. Connections on the internal listener are the
 * emulator's own service clients and may do anything.
 *
 * <p>Each accepted device connection carries two attributes: the device id and a connection number,
 * so that the end of an old connection is never mistaken for the end of the one that replaced it.
 * A connection that presents a provisioning claim ({@link ClaimConnections}) carries the claim's id
 * instead, and everything it does goes to the claims' service.
 */
public final class CloudExtension implements ExtensionMain {

    private static final Logger LOG = LoggerFactory.getLogger(CloudExtension.class);
    private static final String DEVICE_ATTRIBUTE = "dmkit.device";
    private static final String CONNECTION_ATTRIBUTE = "dmkit.connection";
    private static final String SERVICE_ATTRIBUTE = "dmkit.service";
    private static final String CLAIM_ATTRIBUTE = "dmkit.claim";

    private final DeviceRegistry registry;
    private final Function<Device, CloudDialect> dialects;
    private final ConnectionTracker connections;
    private final HiveCloudLink link;
    private final List<ConnectionService> services;
    private final ClaimConnections claims;
    private final AtomicLong connectionNumbers = new AtomicLong();

    public CloudExtension(DeviceRegistry registry, Function<Device, CloudDialect> dialects,
            ConnectionTracker connections, HiveCloudLink link) {
        this(registry, dialects, connections, link, List.of(), ClaimConnections.NONE);
    }

    /**
     * @param services the services that claim connections by their CONNECT before the registry is asked
     *                 (see {@link ConnectionService}: the Device Provisioning Service)
     * @param claims   the provisioning claims whose certificates connect outside the registry (AWS fleet
     *                 provisioning)
     */
    public CloudExtension(DeviceRegistry registry, Function<Device, CloudDialect> dialects,
            ConnectionTracker connections, HiveCloudLink link, List<ConnectionService> services,
            ClaimConnections claims) {
        this.registry = registry;
        this.dialects = dialects;
        this.connections = connections;
        this.link = link;
        this.services = List.copyOf(services);
        this.claims = claims;
    }

    @Override
    public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
        link.bind(Services.publishService(), Services.clientService());
        Services.securityRegistry().setAuthenticatorProvider(in -> (SimpleAuthenticator) this::authenticate);
        Services.securityRegistry().setAuthorizerProvider(in -> new TopicAuthorizer());
        Services.initializerRegistry().setClientInitializer(
                (in, context) -> context.addPublishInboundInterceptor((PublishInboundInterceptor) this::inbound));
        Services.eventRegistry().setClientLifecycleEventListener(in -> new Lifecycle());
    }

    @Override
    public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
        // The broker closes every connection; the dialects are closed by the emulator.
    }

    private void authenticate(SimpleAuthInput input, SimpleAuthOutput output) {
        ConnectionInformation connection = input.getConnectionInformation();
        if (isInternal(connection)) {
            output.authenticateSuccessfully();
            return;
        }
        ConnectAttempt attempt = attempt(input.getConnectPacket(), connection);
        // A claim first: its client id is anyone's choice and may well be a registered thing's name.
        Optional<String> claim = claims.claim(attempt);
        if (claim.isPresent()) {
            connection.getConnectionAttributeStore().putAsString(CLAIM_ATTRIBUTE, claim.get());
            LOG.info("client {} connected with provisioning claim {} on {}", attempt.clientId(), claim.get(),
                    attempt.listener());
            output.authenticateSuccessfully();
            return;
        }
        Optional<ConnectionService> service = services.stream().filter(s -> s.claims(attempt)).findFirst();
        if (service.isPresent()) {
            authenticate(service.get(), attempt, connection, output);
            return;
        }
        // By client id first (Azure and ThingsPro: the client id is the device id), then by certificate
        // (AWS: the certificate names the thing, the client id may be anything).
        Optional<Device> found = registry.get(attempt.clientId())
                .or(() -> attempt.clientCertificate().map(Thumbprints::sha256).flatMap(registry::byThumbprint));
        if (found.isEmpty()) {
            refuse(output, attempt, Refusal.of(Refusal.Code.NOT_AUTHORIZED, "unknown device '" + attempt.clientId()
                    + "': register it first (PUT /api/devices/" + attempt.clientId() + ")"));
            return;
        }
        Device device = found.get();
        if (connections.refusesNow(device.id())) {
            refuse(output, attempt, Refusal.of(Refusal.Code.SERVER_UNAVAILABLE,
                    "connects of '" + device.id() + "' are refused for a while (fault injection)"));
            return;
        }
        CloudDialect dialect = dialects.apply(device);
        Optional<Refusal> refusal = dialect.authenticate(device, attempt);
        if (refusal.isPresent()) {
            refuse(output, attempt, refusal.get());
            return;
        }
        long number = connectionNumbers.incrementAndGet();
        connection.getConnectionAttributeStore().putAsString(DEVICE_ATTRIBUTE, device.id());
        connection.getConnectionAttributeStore().putAsString(CONNECTION_ATTRIBUTE, Long.toString(number));
        connections.connected(device.id(), number, attempt.clientId());
        dialect.connected(device, attempt.clientId(), attempt);
        LOG.info("{} ({}) connected as client {} on {}", device.id(), device.dialect().id(), attempt.clientId(),
                attempt.listener());
        output.authenticateSuccessfully();
    }

    private void authenticate(ConnectionService service, ConnectAttempt attempt, ConnectionInformation connection,
            SimpleAuthOutput output) {
        Optional<Refusal> refusal = service.authenticate(attempt);
        if (refusal.isPresent()) {
            refuse(output, attempt, refusal.get());
            return;
        }
        long number = connectionNumbers.incrementAndGet();
        connection.getConnectionAttributeStore().putAsString(SERVICE_ATTRIBUTE, service.name());
        connection.getConnectionAttributeStore().putAsString(CONNECTION_ATTRIBUTE, Long.toString(number));
        service.connected(attempt.clientId(), number, attempt);
        LOG.info("client {} connected to {} on {}", attempt.clientId(), service.name(), attempt.listener());
        output.authenticateSuccessfully();
    }

    private static void refuse(SimpleAuthOutput output, ConnectAttempt attempt, Refusal refusal) {
        LOG.info("refused client {} on {}: {}", attempt.clientId(), attempt.listener(), refusal.reason());
        output.failAuthentication(switch (refusal.code()) {
            case IDENTIFIER_REJECTED -> ConnackReasonCode.CLIENT_IDENTIFIER_NOT_VALID;
            case SERVER_UNAVAILABLE -> ConnackReasonCode.SERVER_UNAVAILABLE;
            case BAD_USER_NAME_OR_PASSWORD -> ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD;
            case NOT_AUTHORIZED -> ConnackReasonCode.NOT_AUTHORIZED;
        }, refusal.reason());
    }

    private void inbound(PublishInboundInput input, PublishInboundOutput output) {
        Optional<String> claim = claim(input.getConnectionInformation());
        if (claim.isPresent()) {
            claimInbound(claim.get(), input, output);
            return;
        }
        Optional<ConnectionService> service = service(input.getConnectionInformation());
        if (service.isPresent()) {
            inbound(service.get(), input, output);
            return;
        }
        Optional<Device> device = device(input.getConnectionInformation());
        if (device.isEmpty()) {
            return;
        }
        PublishPacket packet = input.getPublishPacket();
        InboundPublish publish = publish(packet);
        String clientId = input.getClientInformation().getClientId();
        CloudDialect dialect = dialects.apply(device.get());
        if (!dialect.mayPublish(device.get(), clientId, packet.getTopic())) {
            LOG.info("closed the connection of {}: it published to {}, which it may not", device.get().id(),
                    packet.getTopic());
            output.preventPublishDelivery();
            link.disconnect(clientId);
            return;
        }
        try {
            if (dialect.inbound(device.get(), clientId, publish)) {
                output.preventPublishDelivery();
            }
        } catch (RuntimeException e) {
            // A bug in a dialect must not take the broker's thread down; the device sees no reply.
            LOG.error("the " + device.get().dialect().id() + " dialect failed on a publish of "
                    + device.get().id() + " to " + packet.getTopic(), e);
            output.preventPublishDelivery();
        }
    }

    private void inbound(ConnectionService service, PublishInboundInput input, PublishInboundOutput output) {
        PublishPacket packet = input.getPublishPacket();
        String clientId = input.getClientInformation().getClientId();
        output.preventPublishDelivery();
        if (!service.mayPublish(clientId, packet.getTopic())) {
            LOG.info("closed the connection of {} to {}: it published to {}, which it may not", clientId,
                    service.name(), packet.getTopic());
            link.disconnect(clientId);
            return;
        }
        InboundPublish publish = new InboundPublish(packet.getTopic(), bytes(packet.getPayload()),
                packet.getQos().getQosNumber(), packet.getRetain(), List.of(), packet.getContentType(),
                packet.getMessageExpiryInterval());
        try {
            service.inbound(clientId, connectionNumber(input.getConnectionInformation()), publish);
        } catch (RuntimeException e) {
            LOG.error("the {} service failed on a publish of {} to {}", service.name(), clientId, packet.getTopic(), e);
        }
    }

    private Optional<ConnectionService> service(ConnectionInformation connection) {
        return connection.getConnectionAttributeStore().getAsString(SERVICE_ATTRIBUTE)
                .flatMap(name -> services.stream().filter(s -> s.name().equals(name)).findFirst());
    }

    private static long connectionNumber(ConnectionInformation connection) {
        return connection.getConnectionAttributeStore().getAsString(CONNECTION_ATTRIBUTE).map(Long::parseLong)
                .orElse(0L);
    }

    /** A claim connection's publish: allowed ones go to the claims' service, others close the connection. */
    private void claimInbound(String claim, PublishInboundInput input, PublishInboundOutput output) {
        PublishPacket packet = input.getPublishPacket();
        String clientId = input.getClientInformation().getClientId();
        output.preventPublishDelivery();
        if (!claims.mayPublish(claim, clientId, packet.getTopic())) {
            LOG.info("closed the connection of client {} (provisioning claim {}): it published to {}, which a claim"
                    + " may not", clientId, claim, packet.getTopic());
            link.disconnect(clientId);
            return;
        }
        try {
            claims.inbound(claim, clientId, publish(packet));
        } catch (RuntimeException e) {
            LOG.error("provisioning failed on a publish of client {} to {}", clientId, packet.getTopic(), e);
        }
    }

    private static InboundPublish publish(PublishPacket packet) {
        return new InboundPublish(packet.getTopic(), bytes(packet.getPayload()),
                packet.getQos().getQosNumber(), packet.getRetain(),
                packet.getUserProperties().asList().stream()
                        .<Map.Entry<String, String>>map(p -> new AbstractMap.SimpleImmutableEntry<>(p.getName(),
                                p.getValue()))
                        .toList(),
                packet.getContentType(), packet.getMessageExpiryInterval());
    }

    private static Optional<String> claim(ConnectionInformation connection) {
        return connection.getConnectionAttributeStore().getAsString(CLAIM_ATTRIBUTE);
    }

    private Optional<Device> device(ConnectionInformation connection) {
        return connection.getConnectionAttributeStore().getAsString(DEVICE_ATTRIBUTE).flatMap(registry::get);
    }

    private static boolean isInternal(ConnectionInformation connection) {
        return connection.getListener().map(Listener::getName).filter(BrokerListeners.INTERNAL::equals).isPresent();
    }

    private static ConnectAttempt attempt(ConnectPacket connect, ConnectionInformation connection) {
        Optional<X509Certificate> certificate = connection.getClientTlsInformation()
                .flatMap(ClientTlsInformation::getClientCertificate);
        return new ConnectAttempt(connect.getClientId(), connect.getUserName(), connect.getPassword().map(CloudExtension::bytes),
                certificate, connection.getListener().map(Listener::getName).orElse("?"),
                connect.getMqttVersion() == MqttVersion.V_5 ? 5 : 3, isTls(connection));
    }

    /** Whether the connection came in over TLS (HiveMQ's TLS information is there only with a client certificate). */
    private static boolean isTls(ConnectionInformation connection) {
        return connection.getListener().map(Listener::getListenerType)
                .filter(type -> type == ListenerType.TLS_TCP_LISTENER || type == ListenerType.TLS_WEBSOCKET_LISTENER)
                .isPresent();
    }

    private static byte[] bytes(Optional<ByteBuffer> buffer) {
        return buffer.map(CloudExtension::bytes).orElse(new byte[0]);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.asReadOnlyBuffer();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }

    /**
     * Confines devices' subscriptions to their dialect's topics; internal clients may do anything.
     * (Publishes are checked in the inbound interceptor, which HiveMQ runs before any authorizer.)
     */
    private final class TopicAuthorizer implements SubscriptionAuthorizer {

        @Override
        public void authorizeSubscribe(SubscriptionAuthorizerInput input, SubscriptionAuthorizerOutput output) {
            Optional<String> claim = claim(input.getConnectionInformation());
            if (claim.isPresent()) {
                if (claims.maySubscribe(claim.get(), input.getClientInformation().getClientId(),
                        input.getSubscription().getTopicFilter())) {
                    output.authorizeSuccessfully();
                } else {
                    output.failAuthorization(); // the claims' service logged why
                }
                return;
            }
            Optional<ConnectionService> service = service(input.getConnectionInformation());
            if (service.isPresent()) {
                if (service.get().maySubscribe(input.getClientInformation().getClientId(),
                        input.getSubscription().getTopicFilter())) {
                    output.authorizeSuccessfully();
                } else {
                    output.failAuthorization();
                }
                return;
            }
            Optional<Device> device = device(input.getConnectionInformation());
            if (device.isEmpty()) {
                if (isInternal(input.getConnectionInformation())) {
                    output.authorizeSuccessfully();
                } else {
                    output.failAuthorization();
                }
                return;
            }
            String filter = input.getSubscription().getTopicFilter();
            if (dialects.apply(device.get()).maySubscribe(device.get(), input.getClientInformation().getClientId(),
                    filter)) {
                output.authorizeSuccessfully();
            } else {
                output.failAuthorization(); // the dialect logged why
            }
        }
    }

    /** Connection ends, matched to the connection they belong to by its number. */
    private final class Lifecycle implements ClientLifecycleEventListener {

        @Override
        public void onMqttConnectionStart(ConnectionStartInput input) {
        }

        @Override
        public void onAuthenticationSuccessful(AuthenticationSuccessfulInput input) {
        }

        @Override
        public void onAuthenticationFailedDisconnect(AuthenticationFailedInput input) {
            // never counted as connected
        }

        @Override
        public void onDisconnect(DisconnectEventInput input) {
            var attributes = input.getConnectionInformation().getConnectionAttributeStore();
            Optional<String> claim = attributes.getAsString(CLAIM_ATTRIBUTE);
            if (claim.isPresent()) {
                claims.disconnected(claim.get(), input.getClientInformation().getClientId());
                return;
            }
            Optional<ConnectionService> service = service(input.getConnectionInformation());
            if (service.isPresent()) {
                service.get().disconnected(input.getClientInformation().getClientId(),
                        connectionNumber(input.getConnectionInformation()));
                return;
            }
            Optional<String> deviceId = attributes.getAsString(DEVICE_ATTRIBUTE);
            Optional<String> number = attributes.getAsString(CONNECTION_ATTRIBUTE);
            if (deviceId.isEmpty() || number.isEmpty()) {
                return;
            }
            if (connections.disconnected(deviceId.get(), Long.parseLong(number.get()))) {
                registry.get(deviceId.get()).ifPresent(device -> {
                    dialects.apply(device).disconnected(device, input.getClientInformation().getClientId());
                    LOG.info("{} disconnected (client {})", device.id(), input.getClientInformation().getClientId());
                });
            }
        }
    }
}
