package io.dmkit.transport.azure.internal;

import io.dmkit.api.InvalidConfigurationException;
import io.dmkit.api.SessionConfig;
import io.dmkit.api.Setting;
import io.dmkit.transport.azure.protocol.AzureTopics;
import io.dmkit.transport.azure.protocol.IotHubUserName;
import io.dmkit.transport.azure.protocol.SasToken;
import io.dmkit.transport.mqtt.ConnectSettings;
import io.dmkit.transport.mqtt.proxy.HttpProxy;
import io.dmkit.transport.mqtt.proxy.TunnelingSslSocketFactory;
import io.dmkit.transport.mqtt.tls.ClientIdentity;
import io.dmkit.transport.mqtt.tls.PemReader;
import io.dmkit.transport.mqtt.tls.TlsSocketFactories;
import io.dmkit.wire.text.Printable;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.net.ssl.SSLSocketFactory;

/**
 * An Azure session's configuration, checked and turned into what a connection needs: where to
 * connect (MQTT over TLS on 8883, or WebSocket on 443, optionally through an HTTP proxy), who the
 * device is, how it authenticates and what it trusts. Certificates and keys are read here, once, so
 * a bad file or key is reported when the session is created, naming the attribute.
 */
final class AzureSettings {

    static final int MIN_SAS_LIFETIME_SECONDS = 60;
    static final int MAX_SAS_LIFETIME_SECONDS = 31_536_000;
    static final int DEFAULT_SAS_LIFETIME_SECONDS = 3600;
    /** IoT Hub tolerates 1.5 × the keep-alive up to 1767 s, so the longest keep-alive it accepts is 1177 s. */
    static final int MAX_KEEPALIVE_SECONDS = 1177;
    /** The largest device-to-cloud message IoT Hub accepts: 256 KB. */
    static final int MAX_MESSAGE_BYTES = 256 * 1024;
    static final String WEBSOCKET_PATH = "/$iothub/websocket";

    static final Setting<String> CONNECTION_STRING = Setting.text("azure.connection.string").secret()
            .label("Device connection string")
            .description("Instead of host, device.id and key: the device's connection string as IoT Hub shows it "
                    + "(HostName=…;DeviceId=…;SharedAccessKey=…, or …;x509=true with cert and key, optionally "
                    + "with GatewayHostName=… for an IoT Edge gateway).")
            .build();
    static final Setting<Boolean> WEBSOCKET = Setting.flag("azure.websocket").defaultValue(false)
            .label("WebSocket").description("MQTT over WebSocket on port 443 (wss://<host>/$iothub/websocket) "
                    + "instead of MQTT on port 8883; for networks that only let 443 out.")
            .build();
    static final Setting<Duration> SAS_LIFETIME = sasLifetime(MIN_SAS_LIFETIME_SECONDS);
    static final Setting<String> PROXY_HOST = Setting.text("proxy.host")
            .label("HTTP proxy host").description("Over WebSocket: tunnel through this HTTP proxy (CONNECT); empty "
                    + "for a direct connection.")
            .build();
    static final Setting<Integer> PROXY_PORT = Setting.integer("proxy.port").defaultValue(3128).range(1, 65535)
            .label("HTTP proxy port").build();
    static final Setting<String> PROXY_USER = Setting.text("proxy.user")
            .check(u -> u.indexOf(':') >= 0 ? Optional.of("must not contain ':' (Basic authentication)")
                    : Optional.empty())
            .label("HTTP proxy user").description("For proxies that need Basic authentication.").build();
    static final Setting<String> PROXY_PASSWORD = Setting.text("proxy.password").secret()
            .label("HTTP proxy password").build();
    /**
     * The SAS lifetime option, accepting lifetimes down to {@code shortestSeconds}: {@value
     * #MIN_SAS_LIFETIME_SECONDS} for every session, less only for tests that watch renewals in seconds.
     */
    static Setting<Duration> sasLifetime(int shortestSeconds) {
        return Setting.seconds("azure.sas.lifetime.seconds").defaultValue(Duration.ofSeconds(DEFAULT_SAS_LIFETIME_SECONDS))
                .range(shortestSeconds, MAX_SAS_LIFETIME_SECONDS, "seconds")
                .label("SAS token lifetime (s)").description("With a symmetric key: the lifetime of each SAS token the "
                        + "gateway signs; a new one is signed, by a clean reconnect, at 85 % of it.")
                .build();
    }

    /** The options, with this declaration of the SAS lifetime. */
    static List<Setting<?>> options(Setting<Duration> sasLifetime) {
        return List.of(CONNECTION_STRING, WEBSOCKET, sasLifetime, PROXY_HOST, PROXY_PORT, PROXY_USER, PROXY_PASSWORD);
    }

    /** IoT Hub's device ids: up to 128 of these ASCII characters. */
    private static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9\\-.%_*?!(),:=@$']{1,128}");
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9.\\-_]{1,253}|\\[[0-9A-Fa-f:.]+\\]");

    /** The IoT hub's host name: in the SAS token's resource and the MQTT user name. */
    final String hubHost;
    /** Where to connect: the hub, or an IoT Edge gateway (GatewayHostName). */
    final String connectHost;
    final String deviceId;
    final int port;
    final boolean webSocket;
    final DeviceCredential credential;
    final Optional<HttpProxy> proxy;
    final Duration sasLifetime;
    final Duration commandTimeout;
    final Duration operationTimeout;
    private final SSLSocketFactory socketFactory;
    private final int keepAliveSeconds;
    private final Duration connectTimeout;
    private final int maxInflight;

    private AzureSettings(String hubHost, String connectHost, String deviceId, int port, boolean webSocket,
            DeviceCredential credential, Optional<HttpProxy> proxy, Duration sasLifetime, SSLSocketFactory socketFactory,
            SessionConfig config) {
        this.hubHost = hubHost;
        this.connectHost = connectHost;
        this.deviceId = deviceId;
        this.port = port;
        this.webSocket = webSocket;
        this.credential = credential;
        this.proxy = proxy;
        this.sasLifetime = sasLifetime;
        this.socketFactory = socketFactory;
        this.keepAliveSeconds = config.keepAliveSeconds();
        this.connectTimeout = config.connectTimeout();
        this.commandTimeout = config.commandTimeout();
        this.operationTimeout = config.operationTimeout();
        // Room for twin requests and command replies beside the session's window of messages.
        this.maxInflight = config.inflightMax() + 32;
    }

    /**
     * @throws InvalidConfigurationException naming the attribute that is missing or unusable
     */
    static AzureSettings from(SessionConfig config) {
        return from(config, SAS_LIFETIME);
    }

    /**
     * As {@link #from(SessionConfig)}, with the SAS lifetime read through {@code sasLifetime}: for tests
     * that watch renewals in seconds ({@link #sasLifetime(int)}).
     */
    static AzureSettings from(SessionConfig config, Setting<Duration> sasLifetime) {
        if (config.keepAliveSeconds() > MAX_KEEPALIVE_SECONDS) {
            throw new InvalidConfigurationException(SessionConfig.KEEPALIVE, config.keepAliveSeconds()
                    + " s is longer than IoT Hub allows (at most " + MAX_KEEPALIVE_SECONDS + " s)");
        }
        Optional<ConnectionString> cs = Optional.ofNullable(config.get(CONNECTION_STRING)).map(ConnectionString::parse);
        String hubHost = hubHost(config, cs);
        String connectHost = cs.flatMap(ConnectionString::gatewayHostName).orElse(hubHost);
        checkHostName(CONNECTION_STRING.id(), connectHost);
        String deviceId = deviceId(config, cs);
        boolean webSocket = config.get(WEBSOCKET);
        int port = config.port() != 0 ? config.port() : webSocket ? 443 : 8883;
        Duration lifetime = config.get(sasLifetime);
        ClientIdentity identity = null;
        DeviceCredential credential;
        boolean wantsX509 = config.cert().isPresent() || cs.map(ConnectionString::x509).orElse(false);
        if (wantsX509) {
            if (cs.isPresent() && (cs.get().sharedAccessKey().isPresent() || cs.get().sharedAccessSignature().isPresent())) {
                throw new InvalidConfigurationException(SessionConfig.CERT, "is set, but the connection string "
                        + "gives a SharedAccessKey or SharedAccessSignature; use one way to authenticate");
            }
            String cert = config.cert().orElseThrow(() -> new InvalidConfigurationException(SessionConfig.CERT,
                    "is required with x509=true: the device's certificate in PEM (file path or text)"));
            String key = config.key().orElseThrow(() -> new InvalidConfigurationException(SessionConfig.KEY,
                    "is required with a client certificate: the certificate's private key in PEM"));
            identity = ClientIdentity.read(SessionConfig.CERT.id(), cert, SessionConfig.KEY.id(), key);
            credential = new X509Credential(identity);
        } else {
            credential = sasCredential(config, cs, hubHost, deviceId, lifetime);
        }
        List<X509Certificate> roots = config.rootCa().isPresent()
                ? PemReader.certificates(SessionConfig.ROOT_CA.id(), config.rootCa().get()) : List.of();
        // The JDK's roots (DigiCert Global Root G2 for IoT Hub) plus the configured ones: a hub that
        // moves to another public root keeps working, and a private CA (an emulator, an IoT Edge
        // gateway) is trusted too.
        SSLSocketFactory tls = TlsSocketFactories.create(roots, true, identity);
        Optional<HttpProxy> proxy = proxy(config, webSocket);
        SSLSocketFactory factory = proxy.<SSLSocketFactory>map(p -> new TunnelingSslSocketFactory(p, tls)).orElse(tls);
        return new AzureSettings(hubHost, connectHost, deviceId, port, webSocket, credential, proxy, lifetime, factory,
                config);
    }

    private static String hubHost(SessionConfig config, Optional<ConnectionString> cs) {
        if (cs.isPresent()) {
            if (config.host().isPresent() && !config.host().get().equalsIgnoreCase(cs.get().hostName())) {
                throw new InvalidConfigurationException(SessionConfig.HOST, Printable.quote(config.host().get())
                        + " is not the HostName of the connection string (" + Printable.quote(cs.get().hostName())
                        + "); leave host empty or make them equal");
            }
            checkHostName(CONNECTION_STRING.id(), cs.get().hostName());
            return cs.get().hostName();
        }
        String host = config.host().orElseThrow(() -> new InvalidConfigurationException(SessionConfig.HOST, "is "
                + "required for Azure sessions (or give " + CONNECTION_STRING.id() + "): the IoT hub's host name, "
                + "for example myhub.azure-devices.net"));
        checkHostName(SessionConfig.HOST.id(), host);
        return host;
    }

    private static String deviceId(SessionConfig config, Optional<ConnectionString> cs) {
        Optional<String> configured = config.deviceId();
        if (cs.isPresent() && configured.isPresent() && !configured.get().equals(cs.get().deviceId())) {
            throw new InvalidConfigurationException(SessionConfig.DEVICE_ID, Printable.quote(configured.get())
                    + " is not the DeviceId of the connection string (" + Printable.quote(cs.get().deviceId())
                    + "); leave device.id empty "
                    + "or make them equal");
        }
        String id = cs.map(ConnectionString::deviceId).or(() -> configured).orElseThrow(() ->
                new InvalidConfigurationException(SessionConfig.DEVICE_ID, "is required for Azure sessions (or give "
                        + CONNECTION_STRING.id() + "): the device id registered in the IoT hub"));
        if (!DEVICE_ID.matcher(id).matches()) {
            throw new InvalidConfigurationException(cs.isPresent() ? CONNECTION_STRING : SessionConfig.DEVICE_ID,
                    Printable.quote(id) + " is not an IoT Hub device id: at most 128 letters, "
                            + "digits and - . % _ * ? ! ( ) , : = @ $ '");
        }
        return id;
    }

    private static DeviceCredential sasCredential(SessionConfig config, Optional<ConnectionString> cs, String hubHost,
            String deviceId, Duration lifetime) {
        Optional<String> csKey = cs.flatMap(ConnectionString::sharedAccessKey);
        Optional<String> csToken = cs.flatMap(ConnectionString::sharedAccessSignature);
        Optional<String> key = config.key();
        if ((csKey.isPresent() || csToken.isPresent()) && key.isPresent()
                && !key.get().strip().equals(csKey.or(() -> csToken).get())) {
            throw new InvalidConfigurationException(SessionConfig.KEY, "differs from the SharedAccessKey or "
                    + "SharedAccessSignature of the connection string; give the secret in one place");
        }
        if (csToken.isPresent()) {
            return givenToken(csToken.get(), "the connection string (SharedAccessSignature)", CONNECTION_STRING.id(),
                    deviceId);
        }
        if (csKey.isPresent()) {
            return symmetricKey(csKey.get(), "the SharedAccessKey of the connection string", CONNECTION_STRING.id(),
                    hubHost, deviceId, lifetime);
        }
        String k = key.orElseThrow(() -> new InvalidConfigurationException(SessionConfig.KEY, "is required for Azure "
                + "sessions: the device's symmetric key (primary or secondary), a SAS token "
                + "('SharedAccessSignature sr=…'), or, with cert, the certificate's private key"));
        if (k.strip().startsWith(SasToken.PREFIX.strip())) {
            return givenToken(k, SessionConfig.KEY.id(), SessionConfig.KEY.id(), deviceId);
        }
        return symmetricKey(k, SessionConfig.KEY.id(), SessionConfig.KEY.id(), hubHost, deviceId, lifetime);
    }

    private static DeviceCredential symmetricKey(String key, String source, String attribute, String hubHost,
            String deviceId, Duration lifetime) {
        SasToken.keyProblem(key).ifPresent(problem -> {
            throw new InvalidConfigurationException(attribute, "the symmetric key " + problem);
        });
        return new SymmetricKeyCredential(hubHost, deviceId, key, lifetime, source);
    }

    private static DeviceCredential givenToken(String token, String source, String attribute, String deviceId) {
        GivenTokenCredential credential;
        try {
            credential = new GivenTokenCredential(token, source);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException(attribute, e.getMessage());
        }
        if (!credential.namesDevice(deviceId)) {
            throw new InvalidConfigurationException(attribute, "the SAS token is not for device '" + deviceId + "' "
                    + "(its resource must be <hub host>/devices/" + deviceId + ")");
        }
        return credential;
    }

    private static Optional<HttpProxy> proxy(SessionConfig config, boolean webSocket) {
        String host = config.get(PROXY_HOST);
        if (host == null) {
            return Optional.empty();
        }
        if (!webSocket) {
            throw new InvalidConfigurationException(PROXY_HOST, "an HTTP proxy is used with MQTT over WebSocket only: "
                    + "set " + WEBSOCKET.id() + "=true (port 443), as IoT Hub documents for networks behind a proxy");
        }
        String user = config.get(PROXY_USER);
        String password = config.get(PROXY_PASSWORD);
        if (password != null && user == null) {
            throw new InvalidConfigurationException(PROXY_USER, "is required when " + PROXY_PASSWORD.id() + " is set");
        }
        return Optional.of(HttpProxy.withCredentials(host, config.get(PROXY_PORT), user,
                password == null ? null : password.toCharArray()));
    }

    private static void checkHostName(String attribute, String host) {
        if (host.contains("://") || host.contains("/") || !HOST_NAME.matcher(host).matches()) {
            throw new InvalidConfigurationException(attribute, Printable.quote(host)
                    + " is not a host name: give the IoT hub's host name (for example myhub.azure-devices.net), without "
                    + "a scheme, port or path");
        }
    }

    /** Paho's URI: {@code ssl://host:8883} or {@code wss://host:443/$iothub/websocket}. */
    String serverUri() {
        String host = connectHost;
        return webSocket ? "wss://" + host + ":" + port + WEBSOCKET_PATH : "ssl://" + host + ":" + port;
    }

    /** The settings of one connection attempt, with that attempt's SAS token (null for X.509). */
    ConnectSettings connectSettings(String password) {
        return ConnectSettings.builder(serverUri(), deviceId)
                .socketFactory(socketFactory)
                .credentials(IotHubUserName.of(hubHost, deviceId), password == null ? null : password.toCharArray())
                .keepAliveSeconds(keepAliveSeconds)
                .connectTimeout(connectTimeout)
                .maxInflight(maxInflight)
                .subscriptions(AzureTopics.deviceSubscriptions())
                .build();
    }

    @Override
    public String toString() {
        return "AzureSettings[" + serverUri() + ", hub " + hubHost + ", device " + deviceId + ", " + credential
                + proxy.map(p -> ", via " + p).orElse("") + "]";
    }
}
