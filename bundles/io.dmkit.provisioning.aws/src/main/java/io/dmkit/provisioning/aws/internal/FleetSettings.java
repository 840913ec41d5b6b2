package io.dmkit.provisioning.aws.internal;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.dmkit.api.InvalidConfigurationException;
import io.dmkit.api.SessionConfig;
import io.dmkit.api.Setting;
import io.dmkit.transport.aws.protocol.AwsEndpoint;
import io.dmkit.transport.aws.protocol.FleetProvisioningTopics;
import io.dmkit.transport.mqtt.ConnectSettings;
import io.dmkit.transport.mqtt.ServerUri;
import io.dmkit.transport.mqtt.tls.ClientIdentity;
import io.dmkit.transport.mqtt.tls.PemReader;
import io.dmkit.transport.mqtt.tls.TlsSocketFactories;
import io.dmkit.wire.json.StrictJson;
import io.dmkit.wire.text.Printable;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLSocketFactory;

/**
 * A fleet provisioning session's options, checked and turned into what one attempt needs: the template
 * and its parameters, where the key pair comes from, and the claim connection (the session's host, port,
 * root CA, and its {@code cert} and {@code key}, which are the claim certificate and its key).
 */
final class FleetSettings {

    /** Parameters nest no deeper than this: RegisterThing takes an object of strings. */
    private static final int PARAMETERS_DEPTH = 2;

    static final Setting<String> TEMPLATE = Setting.text("aws.provisioning.template")
            .check(v -> FleetProvisioningTopics.TEMPLATE_NAME.matcher(v).matches() ? Optional.empty()
                    : Optional.of(Printable.quote(v) + " is not a provisioning template name: 1 to 36 letters, digits, "
                            + "'_' or '-'"))
            .label("Fleet provisioning template")
            .description("Provision the session by claim with AWS IoT fleet provisioning: the name of the "
                    + "provisioning template. cert and key are then the claim certificate and its key; the template "
                    + "names the thing, so device.id stays empty.")
            .build();
    static final Setting<String> PARAMETERS = Setting.text("aws.provisioning.parameters")
            .check(FleetSettings::parametersProblem)
            .label("Fleet provisioning parameters")
            .description("The template's parameters, a JSON object of strings, for example "
                    + "{\"SerialNumber\":\"123\"}.")
            .build();
    static final Setting<KeySource> KEYS = Setting.choice("aws.provisioning.keys", KeySource::value,
                    KeySource::label, KeySource.values())
            .defaultValue(KeySource.CSR)
            .label("Fleet provisioning keys")
            .description("csr: the gateway generates the thing's key pair (EC P-256) and sends a certificate signing "
                    + "request; the private key never leaves it. aws: AWS IoT generates the key pair and sends the "
                    + "private key in its answer.")
            .build();

    static final List<Setting<?>> OPTIONS = List.of(TEMPLATE, PARAMETERS, KEYS);

    final String template;
    /** The parameters as RegisterThing sends them (an empty object when unset). */
    final JsonObject parameters;
    final KeySource keys;
    private final String host;
    private final int port;
    private final String serverUri;
    private final SSLSocketFactory socketFactory;
    /** The claim certificate's subject, for messages (never its key). */
    private final String claimSubject;
    private final int keepAliveSeconds;
    final Duration connectTimeout;
    final Duration operationTimeout;

    private FleetSettings(String template, JsonObject parameters, KeySource keys, String host, int port,
            SSLSocketFactory socketFactory, String claimSubject, SessionConfig config) {
        this.template = template;
        this.parameters = parameters;
        this.keys = keys;
        this.host = host;
        this.port = port;
        this.serverUri = ServerUri.of("ssl", host, port);
        this.socketFactory = socketFactory;
        this.claimSubject = claimSubject;
        this.keepAliveSeconds = Math.min(config.keepAliveSeconds(), AwsEndpoint.MAX_KEEPALIVE_SECONDS);
        this.connectTimeout = config.connectTimeout();
        this.operationTimeout = config.operationTimeout();
    }

    /**
     * @throws InvalidConfigurationException naming the setting that is missing, unusable or in conflict
     */
    static FleetSettings from(SessionConfig config) {
        String template = config.get(TEMPLATE);
        if (template == null) {
            throw new InvalidConfigurationException(TEMPLATE, "is required for fleet provisioning");
        }
        if (config.deviceId().isPresent()) {
            throw new InvalidConfigurationException(SessionConfig.DEVICE_ID, "must be empty with " + TEMPLATE.id()
                    + ": the provisioning template names the thing");
        }
        JsonObject parameters = Optional.ofNullable(config.get(PARAMETERS)).map(FleetSettings::parseParameters)
                .orElseGet(JsonObject::new);
        String host = config.host().orElseThrow(() -> new InvalidConfigurationException(SessionConfig.HOST,
                "is required for fleet provisioning: the account's device data endpoint "
                        + "(…-ats.iot.<region>.amazonaws.com)"));
        String cert = config.cert().orElseThrow(() -> new InvalidConfigurationException(SessionConfig.CERT,
                "is required with " + TEMPLATE.id() + ": the claim certificate (PEM) the template's claim policy is "
                        + "attached to"));
        String key = config.key().orElseThrow(() -> new InvalidConfigurationException(SessionConfig.KEY,
                "is required with " + TEMPLATE.id() + ": the private key (PEM) of the claim certificate in "
                        + SessionConfig.CERT.id()));
        ClientIdentity claim = ClientIdentity.read(SessionConfig.CERT.id(), cert, SessionConfig.KEY.id(), key);
        // As the AWS transport does: the configured CA (Amazon Root CA 1, or the emulator's) and the JDK's roots.
        List<X509Certificate> roots = config.rootCa().isPresent()
                ? PemReader.certificates(SessionConfig.ROOT_CA.id(), config.rootCa().get()) : List.of();
        int port = AwsEndpoint.port(config.port());
        SSLSocketFactory factory = TlsSocketFactories.create(roots, true, claim,
                new TlsSocketFactories.Handshake(AwsEndpoint.TLS_VERSIONS, AwsEndpoint.applicationProtocols(port)));
        return new FleetSettings(template, parameters, config.get(KEYS), host, port, factory,
                claim.chain().get(0).getSubjectX500Principal().getName(), config);
    }

    private static JsonObject parseParameters(String json) {
        try {
            JsonObject parameters = StrictJson.parseObject(json, PARAMETERS_DEPTH);
            parametersProblem(parameters).ifPresent(p -> {
                throw new InvalidConfigurationException(PARAMETERS, p);
            });
            return parameters;
        } catch (StrictJson.Rejection e) {
            throw new InvalidConfigurationException(PARAMETERS, notParameters(e));
        }
    }

    private static Optional<String> parametersProblem(String json) {
        try {
            return parametersProblem(StrictJson.parseObject(json, PARAMETERS_DEPTH));
        } catch (StrictJson.Rejection e) {
            return Optional.of(notParameters(e));
        }
    }

    private static String notParameters(StrictJson.Rejection e) {
        return e.messageAbout("the value") + "; give a JSON object of strings, such as {\"SerialNumber\":\"123\"}";
    }

    /** RegisterThing's parameters are strings by name (the SDK's {@code Map<String, String>}). */
    private static Optional<String> parametersProblem(JsonObject parameters) {
        for (Map.Entry<String, JsonElement> e : parameters.entrySet()) {
            JsonElement v = e.getValue();
            if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isString()) {
                return Optional.of("parameter " + Printable.quote(e.getKey()) + " is not a string; template "
                        + "parameters are text, such as {\"SerialNumber\":\"123\"}");
            }
        }
        return Optional.empty();
    }

    /**
     * The settings of the claim connection: it subscribes, in one SUBSCRIBE and before any request, to
     * the answers of the two requests it makes (the service answers only subscribed clients).
     */
    ConnectSettings connectSettings(String clientId) {
        String create = createTopic();
        String register = FleetProvisioningTopics.registerThing(template);
        return ConnectSettings.builder(serverUri, clientId)
                .socketFactory(socketFactory)
                .keepAliveSeconds(keepAliveSeconds)
                .connectTimeout(connectTimeout)
                .maxInflight(10)
                .subscriptions(List.of(FleetProvisioningTopics.accepted(create), FleetProvisioningTopics.rejected(create),
                        FleetProvisioningTopics.accepted(register), FleetProvisioningTopics.rejected(register)))
                .build();
    }

    /** Where the certificate is asked for: CreateCertificateFromCsr or CreateKeysAndCertificate. */
    String createTopic() {
        return keys == KeySource.CSR ? FleetProvisioningTopics.CREATE_CERTIFICATE_FROM_CSR
                : FleetProvisioningTopics.CREATE_KEYS_AND_CERTIFICATE;
    }

    /** Where, which template, how the keys are made and with which claim; never a key or the parameters' values. */
    @Override
    public String toString() {
        return "AWS IoT fleet provisioning at " + host + (port == AwsEndpoint.DEFAULT_PORT ? "" : ":" + port)
                + " (template " + template + ", keys " + keys.value() + ", claim " + claimSubject + ")";
    }
}
