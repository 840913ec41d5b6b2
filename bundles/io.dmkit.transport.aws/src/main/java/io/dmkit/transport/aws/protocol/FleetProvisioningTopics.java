package io.dmkit.transport.aws.protocol;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The reserved topics of AWS IoT fleet provisioning's MQTT API (protocols.md §8.2), JSON payload format,
 * built and recognised. Topic constants follow {@code IotIdentityClient} of aws-iot-device-sdk-java-v2:
 * a device publishes a request on {@code $aws/certificates/create/json},
 * {@code $aws/certificates/create-from-csr/json} or
 * {@code $aws/provisioning-templates/{templateName}/provision/json}, and the service answers on the
 * request topic plus {@code /accepted} or {@code /rejected}.
 *
 * <p>The CBOR payload format ({@code …/cbor}) is not modelled: parsers return empty for it.
 */
public final class FleetProvisioningTopics {

    /** Provisioning template names: {@code [0-9A-Za-z_-]{1,36}} (CreateProvisioningTemplate). */
    public static final Pattern TEMPLATE_NAME = Pattern.compile("[0-9A-Za-z_-]{1,36}");

    /** CreateKeysAndCertificate: the service generates the key pair. */
    public static final String CREATE_KEYS_AND_CERTIFICATE = "$aws/certificates/create/json";
    /** CreateCertificateFromCsr: the device keeps its key and sends a CSR. */
    public static final String CREATE_CERTIFICATE_FROM_CSR = "$aws/certificates/create-from-csr/json";

    private static final String ACCEPTED = "accepted";
    private static final String REJECTED = "rejected";

    private FleetProvisioningTopics() {
    }

    /** The three operations of the API. */
    public enum Operation {
        CREATE_KEYS_AND_CERTIFICATE, CREATE_CERTIFICATE_FROM_CSR, REGISTER_THING
    }

    /**
     * A request topic: its operation and, for RegisterThing, the template it names.
     *
     * @param template the template name for {@link Operation#REGISTER_THING}, else {@code null}
     */
    public record Request(Operation operation, String template) {

        /** The topic this request is published on. */
        public String topic() {
            return switch (operation) {
                case CREATE_KEYS_AND_CERTIFICATE -> CREATE_KEYS_AND_CERTIFICATE;
                case CREATE_CERTIFICATE_FROM_CSR -> CREATE_CERTIFICATE_FROM_CSR;
                case REGISTER_THING -> registerThing(template);
            };
        }
    }

    /** Where a device asks to be registered with {@code template}: {@code $aws/provisioning-templates/{t}/provision/json}. */
    public static String registerThing(String template) {
        return "$aws/provisioning-templates/" + template + "/provision/json";
    }

    /** Where the service accepts a request published on {@code requestTopic}. */
    public static String accepted(String requestTopic) {
        return requestTopic + "/" + ACCEPTED;
    }

    /** Where the service rejects a request published on {@code requestTopic}. */
    public static String rejected(String requestTopic) {
        return requestTopic + "/" + REJECTED;
    }

    /** The request a device published on {@code topic}, if it is one (a template name must be valid). */
    public static Optional<Request> parseRequest(String topic) {
        if (topic.equals(CREATE_KEYS_AND_CERTIFICATE)) {
            return Optional.of(new Request(Operation.CREATE_KEYS_AND_CERTIFICATE, null));
        }
        if (topic.equals(CREATE_CERTIFICATE_FROM_CSR)) {
            return Optional.of(new Request(Operation.CREATE_CERTIFICATE_FROM_CSR, null));
        }
        String[] levels = topic.split("/", -1);
        if (levels.length == 5 && levels[0].equals("$aws") && levels[1].equals("provisioning-templates")
                && TEMPLATE_NAME.matcher(levels[2]).matches() && levels[3].equals("provision")
                && levels[4].equals("json")) {
            return Optional.of(new Request(Operation.REGISTER_THING, levels[2]));
        }
        return Optional.empty();
    }

    /**
     * The request whose answers {@code filter} asks for: its {@code /accepted} or {@code /rejected} topic,
     * or both with {@code /+}. Empty for anything else, wildcards in other levels included.
     */
    public static Optional<Request> parseAnswerFilter(String filter) {
        int last = filter.lastIndexOf('/');
        if (last < 0) {
            return Optional.empty();
        }
        String answer = filter.substring(last + 1);
        if (!answer.equals(ACCEPTED) && !answer.equals(REJECTED) && !answer.equals("+")) {
            return Optional.empty();
        }
        return parseRequest(filter.substring(0, last));
    }
}
