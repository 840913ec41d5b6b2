package io.dmkit.provisioning.aws.internal;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.dmkit.api.ConnectionReason;
import io.dmkit.api.spi.TransportException;
import io.dmkit.transport.aws.protocol.FleetProvisioningTopics.Operation;
import io.dmkit.transport.mqtt.tls.ClientIdentity;
import io.dmkit.transport.mqtt.tls.PemReader;
import io.dmkit.wire.json.StrictJson;
import io.dmkit.wire.text.Printable;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the fleet provisioning API's answers mean (protocols.md §8.2): the certificate it created, the
 * thing it registered, or why it refused, as a {@link TransportException} whose reason and permanence
 * tell the session whether asking again can help. Messages name the template and the step and quote
 * the service's words with {@link Printable}; they never contain a private key or an ownership token.
 */
final class FleetAnswers {

    /** The largest answer read: a certificate, a private key and a token are a few KB. */
    static final int MAX_BYTES = 64 * 1024;
    private static final String PEM_MARKER = "-----BEGIN";
    private static final String OWNERSHIP_TOKEN_ERROR = "InvalidCertificateOwnershipToken";
    /**
     * What a certificate id and a thing name may be. Both go into the session's details, its state and
     * log lines, so text outside these rules is refused rather than shown (AWS's rules: certificate ids
     * are 64 hexadecimal digits, thing names 1 to 128 of a-z A-Z 0-9 : _ -).
     */
    private static final Pattern CERTIFICATE_ID = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Pattern THING_NAME = Pattern.compile("[a-zA-Z0-9:_-]{1,128}");

    private FleetAnswers() {
    }

    /**
     * A certificate AWS IoT created: its id, its PEM, its private key's PEM (the gateway's or AWS's), and
     * the token that proves ownership to RegisterThing. Both secrets stay out of {@link #toString()}.
     */
    record CreatedCertificate(String certificateId, X509Certificate certificate, String certificatePem,
            String privateKeyPem, String ownershipToken) {
        @Override
        public String toString() {
            return "CreatedCertificate[" + certificateId + "]";
        }
    }

    /** The thing RegisterThing provisioned, and the template's {@code deviceConfiguration} (null if none). */
    record RegisteredThing(String thingName, JsonObject deviceConfiguration) {
    }

    /** The name the AWS documentation gives the request. */
    static String stepName(Operation operation) {
        return switch (operation) {
            case CREATE_CERTIFICATE_FROM_CSR -> "CreateCertificateFromCsr";
            case CREATE_KEYS_AND_CERTIFICATE -> "CreateKeysAndCertificate";
            case REGISTER_THING -> "RegisterThing";
        };
    }

    /**
     * Reads the {@code /accepted} answer of a certificate request and checks that the certificate belongs
     * to the private key: the gateway's ({@code csrKey}) or the one in the answer (CreateKeysAndCertificate).
     *
     * @param csr the gateway's key pair when it sent a CSR, null when AWS made the key pair
     */
    static CreatedCertificate created(Operation operation, byte[] body, CsrKeyPair csr, FleetSettings settings)
            throws TransportException {
        JsonObject json = object(operation, body, settings);
        String certificateId = required(operation, json, "certificateId", settings);
        if (!CERTIFICATE_ID.matcher(certificateId).matches()) {
            throw malformed(operation, "the certificateId " + Printable.quote(certificateId) + ", which is not 64 "
                    + "hexadecimal digits", settings);
        }
        String token = required(operation, json, "certificateOwnershipToken", settings);
        String certificatePem = pem(operation, json, "certificatePem", settings);
        String keyPem = csr == null ? pem(operation, json, "privateKey", settings) : csr.privateKeyPem();
        X509Certificate certificate;
        PrivateKey key;
        try {
            List<X509Certificate> chain = PemReader.certificates("certificatePem", certificatePem);
            key = csr != null ? csr.privateKey() : PemReader.privateKey("privateKey", keyPem);
            ClientIdentity.of(chain, key);
            certificate = chain.get(0);
        } catch (IllegalArgumentException e) { // InvalidConfigurationException too
            // PemReader's and ClientIdentity's messages describe the structure, never key material.
            throw malformed(operation, "an unusable certificate or key (" + e.getMessage() + ")", settings);
        }
        return new CreatedCertificate(certificateId, certificate, certificatePem, keyPem, token);
    }

    /** Reads RegisterThing's {@code /accepted} answer: {@code {deviceConfiguration, thingName}}. */
    static RegisteredThing registered(byte[] body, FleetSettings settings) throws TransportException {
        JsonObject json = object(Operation.REGISTER_THING, body, settings);
        String thingName = required(Operation.REGISTER_THING, json, "thingName", settings);
        if (!THING_NAME.matcher(thingName).matches()) {
            throw malformed(Operation.REGISTER_THING, "the thingName " + Printable.quote(thingName) + ", which is not "
                    + "a thing name (1 to 128 of a-z A-Z 0-9 : _ -)", settings);
        }
        JsonElement configuration = json.get("deviceConfiguration");
        if (configuration != null && !configuration.isJsonNull() && !configuration.isJsonObject()) {
            throw malformed(Operation.REGISTER_THING, "a deviceConfiguration that is not an object", settings);
        }
        return new RegisteredThing(thingName, configuration == null || configuration.isJsonNull() ? null
                : configuration.getAsJsonObject());
    }

    /**
     * A {@code /rejected} answer, {@code {statusCode, errorCode, errorMessage}}, as the session's failure:
     * a template that is missing or refuses the device, parameters it cannot use, or a claim its policy does
     * not let do this, are permanent (asking again cannot help until the configuration changes); an
     * ownership token that expired, throttling and the service's own failures are tried again.
     */
    static TransportException rejected(Operation operation, byte[] body, FleetSettings settings) {
        JsonObject json;
        try {
            json = StrictJson.parseObject(body, MAX_BYTES, StrictJson.MAX_DEPTH, true);
        } catch (StrictJson.Rejection e) {
            return failure(ConnectionReason.COMMUNICATION_ERROR, 502, operation, "was rejected with an answer that "
                    + "is not a JSON object (" + e.messageAbout("the answer") + ")", false, settings);
        }
        int status = number(json, "statusCode").orElse(400);
        Optional<String> code = text(json, "errorCode");
        String said = " (" + status + code.map(c -> " " + Printable.quote(c)).orElse("")
                + text(json, "errorMessage").map(m -> ": " + Printable.quote(m)).orElse("") + ")";
        boolean register = operation == Operation.REGISTER_THING;
        String template = "template " + Printable.quote(settings.template);
        if (status == 429 || code.filter(c -> c.startsWith("Throttl")).isPresent()) {
            return failure(ConnectionReason.QUOTA_EXCEEDED, 429, operation, "was throttled" + said, false, settings);
        }
        if (status >= 500) {
            return failure(ConnectionReason.COMMUNICATION_ERROR, status, operation, "failed at the service" + said,
                    false, settings);
        }
        if (code.filter(OWNERSHIP_TOKEN_ERROR::equals).isPresent()) {
            // Tokens expire within minutes; the next attempt creates a new certificate and token.
            return failure(ConnectionReason.COMMUNICATION_ERROR, status, operation, "refused the certificate "
                    + "ownership token" + said + "; the next attempt asks for a new certificate", false, settings);
        }
        if (register && status == 404) {
            return failure(ConnectionReason.INVALID_CONFIGURATION, status, operation, "found no " + template + said
                    + ": check " + FleetSettings.TEMPLATE.id() + " (the template must exist in the account and region "
                    + "of the endpoint, and be enabled)", true, settings);
        }
        if (status == 401 || status == 403) {
            String what = register ? "was denied" + said + ": the " + template + " refused to provision this "
                    + "device; its pre-provisioning hook or the claim certificate's policy does not allow it: check "
                    + "both, then reconnect the session"
                    : "refused the claim" + said + ": the claim certificate's policy must allow iot:Publish, "
                            + "iot:Subscribe and iot:Receive on the fleet provisioning topics of " + template;
            return failure(ConnectionReason.BAD_CREDENTIAL, status, operation, what, true, settings);
        }
        if (status >= 400 && status < 500) {
            String what = register ? "refused the registration with " + template + said + ": check "
                    + FleetSettings.PARAMETERS.id() + " against the parameters the template needs"
                    : "refused the request" + said + (settings.keys == KeySource.CSR ? ": the certificate signing "
                            + "request was not accepted; " + FleetSettings.KEYS.id() + "=" + KeySource.AWS.value()
                            + " lets AWS IoT make the key pair instead" : "");
            return failure(ConnectionReason.INVALID_CONFIGURATION, status, operation, what, true, settings);
        }
        return failure(ConnectionReason.COMMUNICATION_ERROR, status, operation, "was rejected" + said, false,
                settings);
    }

    /** No answer within the session's operation timeout: tried again after the session's backoff. */
    static TransportException noAnswer(Operation operation, FleetSettings settings) {
        return failure(ConnectionReason.COMMUNICATION_ERROR, 504, operation, "got no answer within "
                + settings.operationTimeout.toSeconds() + " s (the operation timeout)", false, settings);
    }

    static TransportException failure(ConnectionReason reason, int status, Operation operation, String what,
            boolean permanent, FleetSettings settings) {
        return new TransportException(reason, status, settings + ": " + stepName(operation) + " " + what, null, null,
                permanent);
    }

    private static TransportException malformed(Operation operation, String what, FleetSettings settings) {
        return failure(ConnectionReason.COMMUNICATION_ERROR, 502, operation, "was accepted with " + what, false,
                settings);
    }

    private static JsonObject object(Operation operation, byte[] body, FleetSettings settings)
            throws TransportException {
        try {
            return StrictJson.parseObject(body, MAX_BYTES, StrictJson.MAX_DEPTH, true);
        } catch (StrictJson.Rejection e) {
            throw malformed(operation, "an answer that is not a JSON object (" + e.messageAbout("the answer") + ")",
                    settings);
        }
    }

    private static String required(Operation operation, JsonObject json, String member, FleetSettings settings)
            throws TransportException {
        return text(json, member).filter(v -> !v.isEmpty())
                .orElseThrow(() -> malformed(operation, "no " + member, settings));
    }

    /**
     * PEM text, never a path: PemReader reads text without {@value #PEM_MARKER} as a file name, and the
     * service must not make the gateway open a file.
     */
    private static String pem(Operation operation, JsonObject json, String member, FleetSettings settings)
            throws TransportException {
        String value = required(operation, json, member, settings);
        if (!value.contains(PEM_MARKER)) {
            throw malformed(operation, "a " + member + " that is not PEM", settings);
        }
        return value;
    }

    private static Optional<String> text(JsonObject o, String name) {
        JsonElement e = o.get(name);
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isString() ? Optional.of(e.getAsString())
                : Optional.empty();
    }

    private static Optional<Integer> number(JsonObject o, String name) {
        JsonElement e = o.get(name);
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            return Optional.empty();
        }
        try {
            return Optional.of(e.getAsJsonPrimitive().getAsBigDecimal().intValueExact());
        } catch (ArithmeticException ex) {
            return Optional.empty();
        }
    }
}
