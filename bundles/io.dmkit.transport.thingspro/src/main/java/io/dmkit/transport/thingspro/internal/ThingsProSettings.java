package io.dmkit.transport.thingspro.internal;

import io.dmkit.api.InvalidConfigurationException;
import io.dmkit.api.SessionConfig;
import io.dmkit.api.Setting;
import io.dmkit.transport.mqtt.ConnectSettings;
import io.dmkit.transport.mqtt.ServerUri;
import io.dmkit.transport.mqtt.tls.ClientIdentity;
import io.dmkit.transport.mqtt.tls.PemReader;
import io.dmkit.transport.mqtt.tls.PskSocketFactory;
import io.dmkit.transport.mqtt.tls.TlsSocketFactories;
import io.dmkit.transport.thingspro.protocol.Identifiers;
import io.dmkit.transport.thingspro.protocol.ThingsProTopics;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.SocketFactory;

/**
 * A ThingsPro session's configuration, checked and turned into what the connection needs: the
 * broker URI, the socket factory for its security mode, the credentials, the topics and the
 * last will. Certificates and keys are read here, once, so that a bad file is reported when the
 * session is created.
 */
final class ThingsProSettings {

    static final Setting<String> TOPIC_ROOT = Setting.text("topic.root").defaultValue(ThingsProTopics.DEFAULT_ROOT)
            .check(ThingsProTopics::rootProblem).label("Topic root")
            .description("The first level of every topic of the device: {root}/{device id}/...").build();
    /** The largest message the protocol sends (topic plus payload), spec §6. */
    static final int MAX_MESSAGE_BYTES = 256 * 1024;

    final String deviceId;
    final ThingsProTopics topics;
    final Security security;
    private final SessionConfig config;
    private final String serverUri;
    private final SocketFactory socketFactory;
    private final boolean passwordAuth;

    private ThingsProSettings(SessionConfig config, String deviceId, ThingsProTopics topics, Security security,
            String serverUri, SocketFactory socketFactory, boolean passwordAuth) {
        this.config = config;
        this.deviceId = deviceId;
        this.topics = topics;
        this.security = security;
        this.serverUri = serverUri;
        this.socketFactory = socketFactory;
        this.passwordAuth = passwordAuth;
    }

    /**
     * @throws InvalidConfigurationException naming the attribute that is missing or unusable
     */
    static ThingsProSettings from(SessionConfig config) {
        String deviceId = config.deviceId().orElseThrow(() -> new InvalidConfigurationException(SessionConfig.DEVICE_ID,
                "is required for ThingsPro sessions: it is the MQTT client id and the TLS-PSK identity"));
        Identifiers.deviceIdProblem(deviceId).ifPresent(p -> {
            throw new InvalidConfigurationException(SessionConfig.DEVICE_ID, p);
        });
        ThingsProTopics topics = new ThingsProTopics(config.get(TOPIC_ROOT));
        Security security = Security.of(config);
        int port = config.port() == 0 ? security.defaultPort : config.port();
        String host = config.host().orElseThrow(() -> new InvalidConfigurationException(SessionConfig.HOST,
                "is required for ThingsPro sessions: the broker's host name or address"));
        SocketFactory factory = null;
        boolean passwordAuth = false;
        String scheme = "tcp";
        switch (security) {
            case PSK -> {
                String key = config.key().orElseThrow(() -> new InvalidConfigurationException(SessionConfig.KEY,
                        "is required for TLS-PSK: the pre-shared key in hexadecimal"));
                factory = new PskSocketFactory(deviceId, key);
            }
            case TLS -> {
                scheme = "ssl";
                ClientIdentity identity = null;
                if (config.cert().isPresent()) {
                    String key = config.key().orElseThrow(() -> new InvalidConfigurationException(SessionConfig.KEY,
                            "is required with a client certificate: the certificate's private key in PEM"));
                    identity = ClientIdentity.read(SessionConfig.CERT.id(), config.cert().get(), SessionConfig.KEY.id(), key);
                } else {
                    passwordAuth = config.key().isPresent();
                }
                // A configured root CA is the only trust anchor (a private CA); without one the JDK's roots are.
                List<X509Certificate> roots = config.rootCa().isPresent()
                        ? PemReader.certificates(SessionConfig.ROOT_CA.id(), config.rootCa().get()) : List.of();
                factory = TlsSocketFactories.create(roots, roots.isEmpty(), identity);
            }
            case NONE -> passwordAuth = config.key().isPresent();
            default -> throw new IllegalStateException(security.name());
        }
        return new ThingsProSettings(config, deviceId, topics, security, ServerUri.of(scheme, host, port), factory,
                passwordAuth);
    }

    /** The settings of one connection attempt. */
    ConnectSettings connectSettings() {
        ConnectSettings.Builder b = ConnectSettings.builder(serverUri, deviceId)
                .socketFactory(socketFactory)
                .keepAliveSeconds(config.keepAliveSeconds())
                .connectTimeout(config.connectTimeout())
                // Room for control traffic (twin, replies) beside the session's window of messages.
                .maxInflight(config.inflightMax() + 32)
                .will(new ConnectSettings.Will(topics.status(deviceId), StatusPayloads.LOST, 1, true))
                .subscriptions(topics.deviceSubscriptions(deviceId));
        if (passwordAuth) {
            b.credentials(deviceId, config.key().orElseThrow().toCharArray());
        }
        return b.build();
    }

    String serverUri() {
        return serverUri;
    }

    /** Bytes of a status payload, spec §2. */
    static final class StatusPayloads {
        static final byte[] ONLINE = "{\"state\":\"online\",\"protocol\":1}".getBytes(StandardCharsets.UTF_8);
        static final byte[] OFFLINE = "{\"state\":\"offline\",\"reason\":\"disconnected\"}".getBytes(StandardCharsets.UTF_8);
        static final byte[] LOST = "{\"state\":\"offline\",\"reason\":\"connection-lost\"}".getBytes(StandardCharsets.UTF_8);

        private StatusPayloads() {
        }
    }
}
