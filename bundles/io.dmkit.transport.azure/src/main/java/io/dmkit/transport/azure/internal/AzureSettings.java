package io.dmkit.transport.azure.internal;

import io.dmkit.api.InvalidConfigurationException;
import io.dmkit.api.SessionConfig;
import io.dmkit.transport.azure.protocol.AzureTopics;
import io.dmkit.transport.azure.protocol.IotHubUserName;
import io.dmkit.transport.azure.protocol.SasToken;
import io.dmkit.transport.mqtt.ConfigValue;
import io.dmkit.transport.mqtt.ConnectSettings;
import io.dmkit.transport.mqtt.proxy.HttpProxy;
import io.dmkit.transport.mqtt.proxy.TunnelingSslSocketFactory;
import io.dmkit.transport.mqtt.tls.ClientIdentity;
import io.dmkit.transport.mqtt.tls.PemReader;
import io.dmkit.transport.mqtt.tls.TlsSocketFactories;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
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

    static final String WEBSOCKET = "azure.websocket";
    static final String SAS_LIFETIME = "azure.sas.lifetime.seconds";
    static final String PROXY_HOST = "proxy.host";
    static final String PROXY_PORT = "proxy.port";
    static final String PROXY_USER = "proxy.user";
    static final String PROXY_PASSWORD = "proxy.password";
    static final int MIN_SAS_LIFETIME_SECONDS = 60;
    static final int MAX_SAS_LIFETIME_SECONDS = 31_536_000;
    static final int DEFAULT_SAS_LIFETIME_SECONDS = 3600;
    /** IoT Hub tolerates 1.5 × the keep-alive up to 1767 s, so the longest keep-alive it accepts is 1177 s. */
    static final int MAX_KEEPALIVE_SECONDS = 1177;
    /** The largest device-to-cloud message IoT Hub accepts: 256 KB. */
    static final int MAX_MESSAGE_BYTES = 256 * 1024;
    static final String WEBSOCKET_PATH = "/$iothub/websocket";

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
        return from(config, MIN_SAS_LIFETIME_SECONDS);
    }

    /** As {@link #from(SessionConfig)}, with a shorter lifetime allowed: for tests that watch renewals in seconds. */
    static AzureSettings from(SessionConfig config, int shortestSasLifetimeSeconds) {
        if (config.keepAliveSeconds() > MAX_KEEPALIVE_SECONDS) {
            throw new InvalidConfigurationException(SessionConfig.KEEPALIVE, config.keepAliveSeconds()
                    + " s is longer than IoT Hub allows (at most " + MAX_KEEPALIVE_SECONDS + " s)");
        }
        Optional<ConnectionString> cs = ConnectionString.isConnectionString(config.host())
                ? Optional.of(ConnectionString.parse(config.host())) : Optional.empty();
        String hubHost = cs.map(ConnectionString::hostName).orElse(config.host());
        checkHostName(SessionConfig.HOST, hubHost);
        String connectHost = cs.flatMap(ConnectionString::gatewayHostName).orElse(hubHost);
        checkHostName(SessionConfig.HOST, connectHost);
        String deviceId = deviceId(config, cs);
        boolean webSocket = bool(config, WEBSOCKET);
        int port = config.port() != 0 ? config.port() : webSocket ? 443 : 8883;
        Duration lifetime = sasLifetime(config, shortestSasLifetimeSeconds);
        ClientIdentity identity = null;
        DeviceCredential credential;
        boolean wantsX509 = config.cert().isPresent() || cs.map(ConnectionString::x509).orElse(false);
        if (wantsX509) {
            if (cs.isPresent() && (cs.get().sharedAccessKey().isPresent() || cs.get().sharedAccessSignature().isPresent())) {
                throw new InvalidConfigurationException(SessionConfig.CERT, "is set, but the connection string in host "
                        + "gives a SharedAccessKey or SharedAccessSignature; use one way to authenticate");
            }
            String cert = config.cert().orElseThrow(() -> new InvalidConfigurationException(SessionConfig.CERT,
                    "is required with x509=true: the device's certificate in PEM (file path or text)"));
            String key = config.key().orElseThrow(() -> new InvalidConfigurationException(SessionConfig.KEY,
                    "is required with a client certificate: the certificate's private key in PEM"));
            identity = ClientIdentity.read(SessionConfig.CERT, cert, SessionConfig.KEY, key);
            credential = new X509Credential(identity);
        } else {
            credential = sasCredential(config, cs, hubHost, deviceId, lifetime);
        }
        List<X509Certificate> roots = config.rootCa().isPresent()
                ? PemReader.certificates(SessionConfig.ROOT_CA, config.rootCa().get()) : List.of();
        // The JDK's roots (DigiCert Global Root G2 for IoT Hub) plus the configured ones: a hub that
        // moves to another public root keeps working, and a private CA (an emulator, an IoT Edge
        // gateway) is trusted too.
        SSLSocketFactory tls = TlsSocketFactories.create(roots, true, identity);
        Optional<HttpProxy> proxy = proxy(config, webSocket);
        SSLSocketFactory factory = proxy.<SSLSocketFactory>map(p -> new TunnelingSslSocketFactory(p, tls)).orElse(tls);
        return new AzureSettings(hubHost, connectHost, deviceId, port, webSocket, credential, proxy, lifetime, factory,
                config);
    }

    private static String deviceId(SessionConfig config, Optional<ConnectionString> cs) {
        Optional<String> configured = config.deviceId();
        if (cs.isPresent() && configured.isPresent() && !configured.get().equals(cs.get().deviceId())) {
            throw new InvalidConfigurationException(SessionConfig.DEVICE_ID, ConfigValue.quote(configured.get())
                    + " is not the DeviceId of the connection string in host (" + ConfigValue.quote(cs.get().deviceId())
                    + "); leave device.id empty "
                    + "or make them equal");
        }
        String id = cs.map(ConnectionString::deviceId).or(() -> configured).orElseThrow(() ->
                new InvalidConfigurationException(SessionConfig.DEVICE_ID, "is required for Azure sessions (or give a "
                        + "device connection string in host): the device id registered in the IoT hub"));
        if (!DEVICE_ID.matcher(id).matches()) {
            throw new InvalidConfigurationException(cs.isPresent() ? SessionConfig.HOST : SessionConfig.DEVICE_ID,
                    ConfigValue.quote(id) + " is not an IoT Hub device id: at most 128 letters, "
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
                    + "SharedAccessSignature of the connection string in host; give the secret in one place");
        }
        if (csToken.isPresent()) {
            return givenToken(csToken.get(), "the connection string (SharedAccessSignature)", SessionConfig.HOST,
                    deviceId);
        }
        if (csKey.isPresent()) {
            return symmetricKey(csKey.get(), "the SharedAccessKey of the connection string", SessionConfig.HOST,
                    hubHost, deviceId, lifetime);
        }
        String k = key.orElseThrow(() -> new InvalidConfigurationException(SessionConfig.KEY, "is required for Azure "
                + "sessions: the device's symmetric key (primary or secondary), a SAS token "
                + "('SharedAccessSignature sr=…'), or, with cert, the certificate's private key"));
        if (k.strip().startsWith(SasToken.PREFIX.strip())) {
            return givenToken(k, SessionConfig.KEY, SessionConfig.KEY, deviceId);
        }
        return symmetricKey(k, SessionConfig.KEY, SessionConfig.KEY, hubHost, deviceId, lifetime);
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

    private static Duration sasLifetime(SessionConfig config, int min) {
        int seconds = integer(config, SAS_LIFETIME, DEFAULT_SAS_LIFETIME_SECONDS);
        if (seconds < min || seconds > MAX_SAS_LIFETIME_SECONDS) {
            throw new InvalidConfigurationException(SAS_LIFETIME, seconds + " is out of range " + min + ".."
                    + MAX_SAS_LIFETIME_SECONDS + " (seconds)");
        }
        return Duration.ofSeconds(seconds);
    }

    private static Optional<HttpProxy> proxy(SessionConfig config, boolean webSocket) {
        Optional<String> host = config.option(PROXY_HOST).map(String::strip).filter(h -> !h.isEmpty());
        if (host.isEmpty()) {
            return Optional.empty();
        }
        if (!webSocket) {
            throw new InvalidConfigurationException(PROXY_HOST, "an HTTP proxy is used with MQTT over WebSocket only: "
                    + "set " + WEBSOCKET + "=true (port 443), as IoT Hub documents for networks behind a proxy");
        }
        int port = integer(config, PROXY_PORT, 3128);
        if (port < 1 || port > 65535) {
            throw new InvalidConfigurationException(PROXY_PORT, port + " is out of range 1..65535");
        }
        Optional<String> user = config.option(PROXY_USER).map(String::strip).filter(u -> !u.isEmpty());
        if (user.isPresent() && user.get().indexOf(':') >= 0) {
            throw new InvalidConfigurationException(PROXY_USER, "must not contain ':' (Basic authentication)");
        }
        Optional<String> password = config.option(PROXY_PASSWORD).filter(p -> !p.isEmpty());
        if (password.isPresent() && user.isEmpty()) {
            throw new InvalidConfigurationException(PROXY_USER, "is required when proxy.password is set");
        }
        return Optional.of(HttpProxy.withCredentials(host.get(), port, user.orElse(null),
                password.map(String::toCharArray).orElse(null)));
    }

    private static void checkHostName(String attribute, String host) {
        if (host.contains("://") || host.contains("/") || !HOST_NAME.matcher(host).matches()) {
            throw new InvalidConfigurationException(attribute, ConfigValue.quote(host)
                    + " is not a host name: give the IoT hub's host name (for example myhub.azure-devices.net) or the "
                    + "device connection string, without a scheme, port or path");
        }
    }

    private static boolean bool(SessionConfig config, String option) {
        String v = config.option(option).map(s -> s.strip().toLowerCase(Locale.ROOT)).orElse("false");
        switch (v) {
            case "true":
                return true;
            case "false":
            case "":
                return false;
            default:
                throw new InvalidConfigurationException(option, ConfigValue.quote(v) + " is neither true nor false");
        }
    }

    private static int integer(SessionConfig config, String option, int defaultValue) {
        Optional<String> v = config.option(option).map(String::strip).filter(s -> !s.isEmpty());
        if (v.isEmpty()) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(v.get());
        } catch (NumberFormatException e) {
            throw new InvalidConfigurationException(option, ConfigValue.quote(v.get()) + " is not a whole number");
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
