package io.dmkit.provisioning.azure.internal;

import com.google.gson.JsonObject;
import io.dmkit.api.InvalidConfigurationException;
import io.dmkit.api.SessionConfig;
import io.dmkit.api.Setting;
import io.dmkit.provisioning.azure.protocol.DpsTopics;
import io.dmkit.transport.azure.protocol.SasToken;
import io.dmkit.transport.mqtt.ConnectSettings;
import io.dmkit.transport.mqtt.tls.ClientIdentity;
import io.dmkit.transport.mqtt.tls.PemReader;
import io.dmkit.transport.mqtt.tls.TlsSocketFactories;
import io.dmkit.wire.json.StrictJson;
import io.dmkit.wire.text.Printable;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLSocketFactory;

/**
 * A DPS session's provisioning options, checked and turned into what a registration needs: the
 * service's endpoint, the id scope and registration id, and how the device proves who it is (a
 * symmetric key, the key derived from its enrollment group's key, or an X.509 certificate).
 */
final class DpsSettings {

    static final String DEFAULT_ENDPOINT = "global.azure-devices-provisioning.net";
    static final int DEFAULT_PORT = 8883;
    /** How long the SAS token of a registration is valid: it is used once, at connect. */
    private static final Duration TOKEN_LIFETIME = Duration.ofHours(1);
    /** The option of the Azure transport that DPS replaces. */
    private static final String CONNECTION_STRING = "azure.connection.string";

    private static final Pattern ID_SCOPE_PATTERN = Pattern.compile("[A-Za-z0-9]{1,32}");
    /** DPS registration ids: letters, digits and - . _ :, at most 128, ending with a letter, digit or '-'. */
    private static final Pattern REGISTRATION_ID_PATTERN = Pattern.compile("[A-Za-z0-9\\-._:]{0,127}[A-Za-z0-9-]");
    private static final Pattern ENDPOINT_PATTERN = Pattern.compile("([A-Za-z0-9.\\-_]{1,253})(?::(\\d{1,5}))?");

    static final Setting<String> ID_SCOPE = Setting.text("azure.dps.id.scope")
            .check(v -> ID_SCOPE_PATTERN.matcher(v).matches() ? Optional.empty()
                    : Optional.of(Printable.quote(v) + " is not a DPS id scope (letters and digits, such as 0ne00000A0A)"))
            .label("DPS id scope")
            .description("Provision the session with the Azure Device Provisioning Service: the id scope of the DPS "
                    + "instance (its overview page shows it). DPS assigns the IoT hub and the device id, so host, "
                    + "device.id and azure.connection.string stay empty.")
            .build();
    static final Setting<String> REGISTRATION_ID = Setting.text("azure.dps.registration.id")
            .check(v -> REGISTRATION_ID_PATTERN.matcher(v).matches() ? Optional.empty()
                    : Optional.of(Printable.quote(v) + " is not a DPS registration id: at most 128 letters, digits and "
                            + "- . _ :, ending with a letter, digit or '-'"))
            .label("DPS registration id")
            .description("The device's registration id: the individual enrollment's, or any id for a group "
                    + "enrollment. With a certificate it is the certificate's common name, the default.")
            .build();
    static final Setting<String> ENDPOINT = Setting.text("azure.dps.endpoint").defaultValue(DEFAULT_ENDPOINT)
            .check(v -> ENDPOINT_PATTERN.matcher(v).matches() ? Optional.empty()
                    : Optional.of(Printable.quote(v) + " is not a host name, or host:port"))
            .label("DPS endpoint")
            .description("The DPS global device endpoint, host or host:port (port 8883 unless given).")
            .build();
    static final Setting<String> GROUP_KEY = Setting.text("azure.dps.group.key").secret()
            .label("DPS enrollment group key")
            .description("For a symmetric-key enrollment group: the group's primary or secondary key. The device's "
                    + "key is derived from it and the registration id (HMAC-SHA256), so key stays empty; or give "
                    + "that derived key in key instead.")
            .build();
    static final Setting<String> PAYLOAD = Setting.text("azure.dps.payload")
            .check(DpsSettings::payloadProblem)
            .label("DPS registration payload")
            .description("A JSON object sent with the registration, for custom allocation policies; what DPS "
                    + "returns is handed to the application (DmSession.provisioned()).")
            .build();

    static final List<Setting<?>> OPTIONS = List.of(ID_SCOPE, REGISTRATION_ID, ENDPOINT, GROUP_KEY, PAYLOAD);

    final String idScope;
    final String registrationId;
    final String endpointHost;
    final int endpointPort;
    /** The key that signs the registration's SAS token; null with a certificate. */
    private final String deviceKey;
    /** Whether {@link #deviceKey} was derived here, so the hub connection needs it too. */
    final boolean derivedKey;
    final Optional<JsonObject> payload;
    private final SSLSocketFactory socketFactory;
    private final int keepAliveSeconds;
    final Duration connectTimeout;
    final Duration operationTimeout;

    private DpsSettings(String idScope, String registrationId, String endpointHost, int endpointPort, String deviceKey,
            boolean derivedKey, Optional<JsonObject> payload, SSLSocketFactory socketFactory, SessionConfig config) {
        this.idScope = idScope;
        this.registrationId = registrationId;
        this.endpointHost = endpointHost;
        this.endpointPort = endpointPort;
        this.deviceKey = deviceKey;
        this.derivedKey = derivedKey;
        this.payload = payload;
        this.socketFactory = socketFactory;
        this.keepAliveSeconds = config.keepAliveSeconds();
        this.connectTimeout = config.connectTimeout();
        this.operationTimeout = config.operationTimeout();
    }

    /**
     * @throws InvalidConfigurationException naming the setting that is missing, unusable or in conflict
     */
    static DpsSettings from(SessionConfig config) {
        String idScope = config.get(ID_SCOPE);
        refuseAssigned(config.host().isPresent(), SessionConfig.HOST.id(), "the IoT hub");
        refuseAssigned(config.deviceId().isPresent(), SessionConfig.DEVICE_ID.id(), "the device id");
        refuseAssigned(config.option(CONNECTION_STRING).isPresent(), CONNECTION_STRING, "the hub and device id");
        Matcher endpoint = ENDPOINT_PATTERN.matcher(config.get(ENDPOINT));
        endpoint.matches(); // checked by the declaration
        int port = endpoint.group(2) == null ? DEFAULT_PORT : Integer.parseInt(endpoint.group(2));
        if (port < 1 || port > 65535) {
            throw new InvalidConfigurationException(ENDPOINT, "port " + port + " is not a TCP port (1 to 65535)");
        }
        Optional<JsonObject> payload = Optional.ofNullable(config.get(PAYLOAD))
                .map(p -> StrictJson.parseObject(p, StrictJson.MAX_DEPTH));
        List<X509Certificate> roots = config.rootCa().isPresent()
                ? PemReader.certificates(SessionConfig.ROOT_CA.id(), config.rootCa().get()) : List.of();
        if (config.cert().isPresent()) {
            if (config.get(GROUP_KEY) != null) {
                throw new InvalidConfigurationException(GROUP_KEY, "is set, but so is cert: a device registers with a "
                        + "certificate or with a key, not both");
            }
            String key = config.key().orElseThrow(() -> new InvalidConfigurationException(SessionConfig.KEY,
                    "is required with cert: the certificate's private key in PEM"));
            ClientIdentity identity = ClientIdentity.read(SessionConfig.CERT.id(), config.cert().get(),
                    SessionConfig.KEY.id(), key);
            String commonName = commonName(identity.chain().get(0));
            String registrationId = Optional.ofNullable(config.get(REGISTRATION_ID)).orElse(commonName);
            if (!registrationId.equals(commonName)) {
                throw new InvalidConfigurationException(REGISTRATION_ID, Printable.quote(registrationId) + " is not "
                        + "the certificate's common name (" + Printable.quote(commonName) + "); with X.509 DPS takes "
                        + "the registration id from the certificate: leave it empty");
            }
            checkRegistrationId(registrationId);
            return new DpsSettings(idScope, registrationId, endpoint.group(1), port, null, false, payload,
                    TlsSocketFactories.create(roots, true, identity), config);
        }
        String registrationId = Optional.ofNullable(config.get(REGISTRATION_ID)).orElseThrow(() ->
                new InvalidConfigurationException(REGISTRATION_ID, "is required with a symmetric key: the device's "
                        + "registration id in DPS"));
        String groupKey = config.get(GROUP_KEY);
        Optional<String> key = config.key();
        if (groupKey != null && key.isPresent()) {
            throw new InvalidConfigurationException(GROUP_KEY, "is set, but so is key; give the group's key here or "
                    + "the device's own (derived) key in key, not both");
        }
        if (groupKey == null && key.isEmpty()) {
            throw new InvalidConfigurationException(SessionConfig.KEY, "is required with azure.dps.id.scope: the "
                    + "enrollment's symmetric key, or a certificate (cert), or the enrollment group's key in "
                    + GROUP_KEY.id());
        }
        String source = groupKey != null ? GROUP_KEY.id() : SessionConfig.KEY.id();
        String given = groupKey != null ? groupKey : key.get();
        if (given.strip().startsWith(SasToken.PREFIX.strip())) {
            throw new InvalidConfigurationException(source, "is a SAS token; DPS needs the key that signs them");
        }
        SasToken.keyProblem(given).ifPresent(problem -> {
            throw new InvalidConfigurationException(source, "the symmetric key " + problem);
        });
        String deviceKey = groupKey != null ? SasToken.derivedKey(groupKey.strip(), registrationId) : given.strip();
        return new DpsSettings(idScope, registrationId, endpoint.group(1), port, deviceKey, groupKey != null, payload,
                TlsSocketFactories.create(roots, true, null), config);
    }

    private static void refuseAssigned(boolean set, String id, String what) {
        if (set) {
            throw new InvalidConfigurationException(id, "must be empty with " + ID_SCOPE.id() + ": the Device "
                    + "Provisioning Service assigns " + what);
        }
    }

    private static void checkRegistrationId(String id) {
        REGISTRATION_ID.check(id);
    }

    private static Optional<String> payloadProblem(String json) {
        try {
            StrictJson.parseObject(json, StrictJson.MAX_DEPTH);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of("is not a JSON object: " + e.getMessage());
        }
    }

    private static String commonName(X509Certificate certificate) {
        try {
            for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return rdn.getValue().toString();
                }
            }
        } catch (InvalidNameException e) {
            // reported below
        }
        throw new InvalidConfigurationException(SessionConfig.CERT, "the certificate's subject ("
                + certificate.getSubjectX500Principal().getName() + ") has no common name; DPS takes the registration "
                + "id from it");
    }

    /** The key the hub connection uses when it was derived here (a group member), else empty. */
    Optional<String> keyForHub() {
        return derivedKey ? Optional.of(deviceKey) : Optional.empty();
    }

    String serverUri() {
        return "ssl://" + endpointHost + ":" + endpointPort;
    }

    /** The settings of one registration's connection, with a fresh SAS token (none for X.509). */
    ConnectSettings connectSettings(Instant now) {
        String password = deviceKey == null ? null : SasToken.create(DpsTopics.sasResource(idScope, registrationId),
                deviceKey, now.plus(TOKEN_LIFETIME), DpsTopics.SAS_KEY_NAME);
        return ConnectSettings.builder(serverUri(), registrationId)
                .socketFactory(socketFactory)
                .credentials(DpsTopics.userName(idScope, registrationId), password == null ? null : password.toCharArray())
                .keepAliveSeconds(keepAliveSeconds)
                .connectTimeout(connectTimeout)
                .maxInflight(10)
                .subscriptions(List.of(DpsTopics.RESPONSE_FILTER))
                .build();
    }

    /** Where and as whom, never the key. */
    @Override
    public String toString() {
        return "DPS " + endpointHost + (endpointPort == DEFAULT_PORT ? "" : ":" + endpointPort) + " (id scope "
                + idScope + ", registration " + registrationId + ", " + (deviceKey == null ? "X.509"
                        : derivedKey ? "key derived from the group key" : "symmetric key") + ")";
    }
}
