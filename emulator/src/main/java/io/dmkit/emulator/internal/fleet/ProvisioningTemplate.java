package io.dmkit.emulator.internal.fleet;

import io.dmkit.transport.aws.protocol.FleetProvisioningTopics;
import io.dmkit.wire.text.Printable;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A fleet provisioning template, reduced to what a device can observe: the thing name it gives
 * ({@code thingNamePrefix} + the value of the parameter {@code thingNameParameter}), whether it lets the
 * device be provisioned (a pre-provisioning hook that answers {@code allowProvisioning: false} when
 * {@code false}), and the {@code deviceConfiguration} RegisterThing returns (strings only, as in the
 * SDK's {@code RegisterThingResponse}).
 */
public record ProvisioningTemplate(String name, String thingNamePrefix, String thingNameParameter,
        boolean allowProvisioning, Map<String, String> deviceConfiguration) {

    /** The parameter a template names the thing after unless it says otherwise, as AWS's examples do. */
    public static final String DEFAULT_THING_NAME_PARAMETER = "SerialNumber";
    /** AWS thing names: {@code [a-zA-Z0-9:_-]}, 1 to 128 characters. */
    static final Pattern THING_NAME = Pattern.compile("[a-zA-Z0-9:_-]{1,128}");
    private static final Pattern PREFIX = Pattern.compile("[a-zA-Z0-9:_-]{0,127}");
    private static final int MAX_PARAMETER_NAME = 2048;

    /** @throws IllegalArgumentException naming the rule a part breaks */
    public ProvisioningTemplate {
        Objects.requireNonNull(name, "name");
        if (!FleetProvisioningTopics.TEMPLATE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid template name " + Printable.quote(name)
                    + ": use 1 to 36 characters from 0-9 A-Z a-z _ -");
        }
        if (thingNamePrefix == null || !PREFIX.matcher(thingNamePrefix).matches()) {
            throw new IllegalArgumentException("\"thingNamePrefix\" must be 0 to 127 characters from a-z A-Z 0-9 : _ -"
                    + " (thing names are built from it)");
        }
        if (thingNameParameter == null || thingNameParameter.isEmpty() || thingNameParameter.length() > MAX_PARAMETER_NAME) {
            throw new IllegalArgumentException("\"thingNameParameter\" must be 1 to " + MAX_PARAMETER_NAME + " characters");
        }
        deviceConfiguration = Map.copyOf(deviceConfiguration);
    }

    /**
     * The thing a RegisterThing with these parameters provisions.
     *
     * @throws RejectedRequest 403 AccessDenied if the template refuses provisioning, 400 InvalidParameters
     *         for a missing name parameter or a value that makes no valid thing name
     */
    String thingName(Map<String, String> parameters) throws RejectedRequest {
        // The pre-provisioning hook runs before the template's resources are resolved.
        if (!allowProvisioning) {
            throw new RejectedRequest(FleetRejection.accessDenied("The pre-provisioning hook of template " + name
                    + " did not allow provisioning."));
        }
        String value = parameters.get(thingNameParameter);
        if (value == null) {
            throw new RejectedRequest(FleetRejection.invalidParameters("Missing value for parameter "
                    + thingNameParameter + " (template " + name + " names the thing after it)."));
        }
        String thingName = thingNamePrefix + value;
        if (!THING_NAME.matcher(thingName).matches()) {
            throw new RejectedRequest(FleetRejection.invalidParameters("The thing name " + Printable.quote(thingName)
                    + " built from parameter " + thingNameParameter + " is not a valid thing name"
                    + " (1 to 128 characters from a-z A-Z 0-9 : _ -)."));
        }
        return thingName;
    }

    /** The configuration in a stable order, for answers and the page. */
    public Map<String, String> sortedConfiguration() {
        return new TreeMap<>(deviceConfiguration);
    }
}
