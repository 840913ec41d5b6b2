package io.dmkit.transport.aws.internal;

import io.dmkit.api.InvalidConfigurationException;
import io.dmkit.api.SessionConfig;
import io.dmkit.api.Setting;
import io.dmkit.transport.aws.protocol.AwsEndpoint;
import io.dmkit.transport.aws.protocol.AwsTopics;
import io.dmkit.transport.aws.protocol.ShadowKey;
import io.dmkit.transport.aws.protocol.ShadowOperation;
import io.dmkit.transport.aws.protocol.ShadowResponse;
import io.dmkit.transport.mqtt.ConnectSettings;
import io.dmkit.transport.mqtt.ServerUri;
import io.dmkit.transport.mqtt.tls.ClientIdentity;
import io.dmkit.transport.mqtt.tls.PemReader;
import io.dmkit.transport.mqtt.tls.TlsSocketFactories;
import io.dmkit.wire.text.Printable;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLSocketFactory;

/**
 * An AWS session's configuration, checked and turned into what the connection needs
 * (docs/clouds/aws.md): the endpoint and port (443 means ALPN {@code x-amzn-mqtt-ca}), mutual TLS with
 * the thing's certificate, the client id, the shadow that is the twin, the telemetry topic and the
 * subscriptions. Certificates and keys are read here, once, so that a bad file is reported when the
 * session is created.
 */
final class AwsSettings {

    // Where and how AWS IoT Core is reached is shared with the fleet provisioner's claim connection.
    static final String ALPN_PROTOCOL = AwsEndpoint.ALPN_PROTOCOL;
    static final int MAX_CLIENT_ID_BYTES = AwsEndpoint.MAX_CLIENT_ID_BYTES;
    static final int MAX_KEEPALIVE_SECONDS = AwsEndpoint.MAX_KEEPALIVE_SECONDS;
    /** AWS IoT Core's message broker: payloads up to 128 KB. */
    static final int MAX_MESSAGE_BYTES = 128 * 1024;
    /** AWS IoT Core's message broker: 100 publishes per second per connection. */
    static final int PUBLISHES_PER_SECOND = 100;
    /**
     * AWS IoT Core's message broker: 100 unacknowledged QoS 1 publishes per connection (its CONNACK
     * says so too, as Receive Maximum; the transport keeps to the smaller of the two).
     */
    static final int MAX_INFLIGHT = 100;

    static final Setting<String> SHADOW_NAME = Setting.text("aws.shadow.name")
            .check(name -> AwsTopics.SHADOW_NAME.matcher(name).matches() ? Optional.empty()
                    : Optional.of(Printable.quote(name) + " is not a valid shadow name: 1 to 64 letters, digits, "
                            + "':', '_' or '-'; leave it empty for the classic shadow"))
            .label("Shadow name").description("The named shadow that is the twin; empty for the classic shadow.")
            .build();
    static final Setting<String> TELEMETRY_TOPIC = Setting.text("aws.telemetry.topic")
            .defaultValue(TelemetryTopic.DEFAULT_TEMPLATE)
            .check(TelemetryTopic::templateProblem)
            .label("Telemetry topic").description("The topic messages are published on; {id} stands for the thing "
                    + "name. Must not start with $aws/.")
            .build();
    static final Setting<String> CLIENT_ID = Setting.text("aws.client.id")
            .check(id -> id.getBytes(StandardCharsets.UTF_8).length > MAX_CLIENT_ID_BYTES
                    ? Optional.of("is " + id.getBytes(StandardCharsets.UTF_8).length + " bytes; AWS IoT Core allows "
                            + "client ids of at most " + MAX_CLIENT_ID_BYTES)
                    : Optional.empty())
            .label("Client id").description("The MQTT client id; empty for the thing name (device id), which "
                    + "policies using iot:Connection.Thing.ThingName expect.")
            .build();
    /** The options of AWS sessions, in the order a form shows them. */
    static final List<Setting<?>> OPTIONS = List.of(SHADOW_NAME, CLIENT_ID, TELEMETRY_TOPIC);

    final String thingName;
    final String clientId;
    final ShadowKey shadow;
    final String telemetryTopic;
    final ClientIdentity identity;
    private final SessionConfig config;
    private final String serverUri;
    private final SSLSocketFactory socketFactory;
    private final boolean alpn;

    private AwsSettings(SessionConfig config, String thingName, String clientId, ShadowKey shadow,
            String telemetryTopic, ClientIdentity identity, String serverUri, SSLSocketFactory socketFactory,
            boolean alpn) {
        this.config = config;
        this.thingName = thingName;
        this.clientId = clientId;
        this.shadow = shadow;
        this.telemetryTopic = telemetryTopic;
        this.identity = identity;
        this.serverUri = serverUri;
        this.socketFactory = socketFactory;
        this.alpn = alpn;
    }

    /**
     * @throws InvalidConfigurationException naming the attribute that is missing or unusable
     */
    static AwsSettings from(SessionConfig config) {
        String thing = config.deviceId().orElseThrow(() -> new InvalidConfigurationException(SessionConfig.DEVICE_ID,
                "is required for AWS sessions: the thing name (also the MQTT client id)"));
        ThingName.problem(thing).ifPresent(p -> {
            throw new InvalidConfigurationException(SessionConfig.DEVICE_ID, p);
        });
        String clientId = Optional.ofNullable(config.get(CLIENT_ID)).orElse(thing);
        String name = config.get(SHADOW_NAME);
        ShadowKey shadow = name == null ? ShadowKey.classic(thing) : ShadowKey.named(thing, name);
        String telemetryTopic;
        try {
            telemetryTopic = TelemetryTopic.resolve(config.get(TELEMETRY_TOPIC), thing);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException(TELEMETRY_TOPIC, e.getMessage());
        }
        if (config.keepAliveSeconds() > MAX_KEEPALIVE_SECONDS) {
            throw new InvalidConfigurationException(SessionConfig.KEEPALIVE, config.keepAliveSeconds()
                    + " s is over AWS IoT Core's maximum of " + MAX_KEEPALIVE_SECONDS + " s");
        }
        String cert = config.cert().orElseThrow(() -> new InvalidConfigurationException(SessionConfig.CERT,
                "is required for AWS sessions: the thing's X.509 certificate (PEM) registered in AWS IoT"));
        String key = config.key().orElseThrow(() -> new InvalidConfigurationException(SessionConfig.KEY,
                "is required for AWS sessions: the private key (PEM) of the certificate in " + SessionConfig.CERT.id()));
        ClientIdentity identity = ClientIdentity.read(SessionConfig.CERT.id(), cert, SessionConfig.KEY.id(), key);
        // The configured CA (Amazon Root CA 1, or the emulator's) and the JDK's roots, which also hold
        // Amazon's: an endpoint that moves to another Amazon root keeps working.
        List<X509Certificate> roots = config.rootCa().isPresent()
                ? PemReader.certificates(SessionConfig.ROOT_CA.id(), config.rootCa().get()) : List.of();
        int port = AwsEndpoint.port(config.port());
        List<String> alpnProtocols = AwsEndpoint.applicationProtocols(port);
        boolean alpn = !alpnProtocols.isEmpty();
        SSLSocketFactory factory = TlsSocketFactories.create(roots, true, identity,
                new TlsSocketFactories.Handshake(AwsEndpoint.TLS_VERSIONS, alpnProtocols));
        String host = config.host().orElseThrow(() -> new InvalidConfigurationException(SessionConfig.HOST,
                "is required for AWS sessions: the account's device data endpoint (…-ats.iot.<region>.amazonaws.com)"));
        return new AwsSettings(config, thing, clientId, shadow, telemetryTopic, identity,
                ServerUri.of("ssl", host, port), factory, alpn);
    }

    /**
     * What the connection subscribes to, in one SUBSCRIBE (AWS allows 8 filters per SUBSCRIBE): the
     * shadow's responses and deltas, each by its exact topic (AWS advises against wildcards under
     * {@code shadow/}), then the command executions and the refusals of the device's answers.
     */
    List<String> subscriptions() {
        return List.of(
                AwsTopics.shadowResponse(shadow, ShadowOperation.GET.accepted()),
                AwsTopics.shadowResponse(shadow, ShadowOperation.GET.rejected()),
                AwsTopics.shadowResponse(shadow, ShadowOperation.UPDATE.accepted()),
                AwsTopics.shadowResponse(shadow, ShadowOperation.UPDATE.rejected()),
                AwsTopics.shadowResponse(shadow, ShadowResponse.UPDATE_DELTA),
                AwsTopics.commandRequestFilter(thingName),
                AwsTopics.commandRejectedFilter(thingName));
    }

    /** The settings of one connection attempt. */
    ConnectSettings connectSettings() {
        return ConnectSettings.builder(serverUri, clientId)
                .socketFactory(socketFactory)
                .keepAliveSeconds(config.keepAliveSeconds())
                .connectTimeout(config.connectTimeout())
                .subscriptions(subscriptions())
                .build();
    }

    String serverUri() {
        return serverUri;
    }

    /** Whether the TLS handshake offers ALPN {@value #ALPN_PROTOCOL} (port 443). */
    boolean usesAlpn() {
        return alpn;
    }

    /** The socket factory of the connection: mutual TLS, and ALPN on port 443. */
    SSLSocketFactory socketFactory() {
        return socketFactory;
    }

    @Override
    public String toString() {
        return "AwsSettings[" + serverUri + (alpn ? " (ALPN " + ALPN_PROTOCOL + ")" : "") + ", thing " + thingName
                + ", client " + clientId + ", shadow " + shadow.displayName() + ", telemetry " + telemetryTopic + "]";
    }
}
