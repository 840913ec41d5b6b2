package io.dmkit.api;

/**
 * A session configuration cannot be used. The message names the attribute and says what is
 * wrong with it; it never contains the value of a secret attribute.
 */
public class InvalidConfigurationException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String attribute;

    public InvalidConfigurationException(String attribute, String problem) {
        super(attribute + ": " + problem);
        this.attribute = attribute;
    }

    /** A problem with the value of a setting, named by its id. */
    public InvalidConfigurationException(Setting<?> setting, String problem) {
        this(setting.id(), problem);
    }

    public InvalidConfigurationException(String attribute, String problem, Throwable cause) {
        super(attribute + ": " + problem, cause);
        this.attribute = attribute;
    }

    /** The configuration attribute at fault, for example {@code port}. */
    public String attribute() {
        return attribute;
    }
}
